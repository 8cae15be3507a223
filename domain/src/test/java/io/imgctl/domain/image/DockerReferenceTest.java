package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test tables of distribution/reference v0.6.0 {@code reference_test.go}, one row per Go case.
 * Go's {@code Parse} is {@link ImageReference#parseExact}, {@code WithName} is
 * {@link ImageReference#parseName}, {@code ParseNamed} is {@link ImageReference#parseFullyQualified}
 * and a reference's {@code String()} is {@link ImageReference#normalized()}. Where Go compares
 * error values, these tests compare the message with the Go error's text.
 */
class DockerReferenceTest {

    // Go error texts.
    static final String ERR_NAME_EMPTY = "repository name must have at least one component";
    static final String ERR_INVALID_FORMAT = "invalid reference format";
    static final String ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase";
    static final String ERR_NAME_TOO_LONG = "repository name must not be more than 255 characters";
    static final String ERR_NAME_NOT_CANONICAL = "repository name must be canonical";
    static final String ERR_TAG_INVALID_FORMAT = "invalid tag format";
    static final String ERR_DIGEST_INVALID_LENGTH = "invalid checksum digest length";
    static final String ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm";

    static final String F64 = "f".repeat(64);
    static final String F128 = "f".repeat(128);
    static final String SHA256_F = "sha256:" + F64;

    // ---------------------------------------------------------------------------------------------
    // TestReferenceParse: 47 cases

    static Stream<Arguments> referenceParseCases() {
        return Stream.of(
                parseOk("test_com", "test_com", "", null, null),
                parseOk("test.com:tag", "test.com", "", "tag", null),
                parseOk("test.com:5000", "test.com", "", "5000", null),
                parseOk("test.com/repo:tag", "test.com/repo", "test.com", "tag", null),
                parseOk("test:5000/repo", "test:5000/repo", "test:5000", null, null),
                parseOk("test:5000/repo:tag", "test:5000/repo", "test:5000", "tag", null),
                parseOk("test:5000/repo@" + SHA256_F, "test:5000/repo", "test:5000", null, SHA256_F),
                parseOk("test:5000/repo:tag@" + SHA256_F, "test:5000/repo", "test:5000", "tag", SHA256_F),
                parseOk("test:5000/repo", "test:5000/repo", "test:5000", null, null),
                parseErr("", ERR_NAME_EMPTY),
                parseErr(":justtag", ERR_INVALID_FORMAT),
                parseErr("@" + SHA256_F, ERR_INVALID_FORMAT),
                parseErr("repo@sha256:" + "f".repeat(34), ERR_DIGEST_INVALID_LENGTH),
                parseErr("validname@invaliddigest:" + F64, ERR_DIGEST_UNSUPPORTED),
                parseErr("Uppercase:tag", ERR_NAME_CONTAINS_UPPERCASE),
                parseErr("test:5000/Uppercase/lowercase:tag", ERR_NAME_CONTAINS_UPPERCASE),
                parseOk("lowercase:Uppercase", "lowercase", "", "Uppercase", null),
                parseErr("domain/" + "a".repeat(256) + ":tag", ERR_NAME_TOO_LONG),
                parseOk("a/".repeat(127) + "a:tag-puts-this-over-max", "a/".repeat(127) + "a", "a",
                        "tag-puts-this-over-max", null),
                parseErr("aa/asdf$$^/aa", ERR_INVALID_FORMAT),
                parseOk("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", null, null),
                parseOk("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com/bar/baz/quux",
                        "sub-dom1.foo.com", "some-long-tag", null),
                parseOk("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app",
                        "b.gcr.io", "test.example.com", null),
                parseOk("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", null),
                parseOk("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + F128, "xn--7o8h.com/myimage", "xn--7o8h.com",
                        "xn--7o8h.com", "sha512:" + F128),
                parseOk("foo_bar.com:8080", "foo_bar.com", "", "8080", null),
                parseOk("foo/foo_bar.com:8080", "foo/foo_bar.com", "foo", "8080", null),
                parseOk("192.168.1.1", "192.168.1.1", "", null, null),
                parseOk("192.168.1.1:tag", "192.168.1.1", "", "tag", null),
                parseOk("192.168.1.1:5000", "192.168.1.1", "", "5000", null),
                parseOk("192.168.1.1/repo", "192.168.1.1/repo", "192.168.1.1", null, null),
                parseOk("192.168.1.1:5000/repo", "192.168.1.1:5000/repo", "192.168.1.1:5000", null, null),
                parseOk("192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", null),
                parseErr("[2001:db8::1]", ERR_INVALID_FORMAT),
                parseErr("[2001:db8::1]:5000", ERR_INVALID_FORMAT),
                parseErr("[2001:db8::1]:tag", ERR_INVALID_FORMAT),
                parseOk("[2001:db8::1]/repo", "[2001:db8::1]/repo", "[2001:db8::1]", null, null),
                parseOk("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]/repo", "[2001:db8:1:2:3:4:5:6]",
                        "tag", null),
                parseOk("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null, null),
                parseOk("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", null),
                parseOk("[2001:db8::1]:5000/repo@" + SHA256_F, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null,
                        SHA256_F),
                parseOk("[2001:db8::1]:5000/repo:tag@" + SHA256_F, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000",
                        "tag", SHA256_F),
                parseOk("[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo", "[2001:db8::]:5000", null, null),
                parseOk("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", null, null),
                parseErr("[fe80::1%eth0]:5000/repo", ERR_INVALID_FORMAT),
                parseErr("[fe80::1%@invalidzone]:5000/repo", ERR_INVALID_FORMAT),
                parseOk("example.com/" + "a".repeat(255) + ":tag", "example.com/" + "a".repeat(255), "example.com",
                        "tag", null));
    }

    private static Arguments parseOk(String input, String repository, String domain, String tag, String digest) {
        return arguments(input, null, repository, domain, tag, digest);
    }

    private static Arguments parseErr(String input, String error) {
        return arguments(input, error, null, null, null, null);
    }

    @Test
    void referenceParseTableHasEveryGoCase() {
        assertThat(referenceParseCases()).hasSize(47);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceParseCases")
    void referenceParse(String input, String error, String repository, String domain, String tag, String digest) {
        if (error != null) {
            assertThatThrownBy(() -> ImageReference.parseExact(input))
                    .isInstanceOf(InvalidReferenceException.class)
                    .hasMessage(error)
                    .satisfies(e -> assertThat(((InvalidReferenceException) e).input()).isEqualTo(input));
            return;
        }
        ImageReference ref = ImageReference.parseExact(input);
        assertThat(ref.normalized()).isEqualTo(input);
        assertThat(ref.name()).isEqualTo(repository);
        assertThat(ref.domain()).isEqualTo(domain);
        assertThat(ref.tag()).isEqualTo(Optional.ofNullable(tag));
        assertThat(ref.digest().map(Digest::toString)).isEqualTo(Optional.ofNullable(digest));
    }

    /**
     * Before v0.6.0 the 255-character limit covered domain and path together and Go's table held
     * {@code strings.Repeat("a/", 128) + "a:tag"} as ErrNameTooLong. v0.6.0 limits the path alone
     * (here domain "a", path of exactly 255 characters), so the name is now accepted; we follow v0.6.0.
     */
    @Test
    void referenceParseLimitsThePathNotTheWholeNameAsInV060() {
        ImageReference ref = ImageReference.parseExact("a/".repeat(128) + "a:tag");
        assertThat(ref.domain()).isEqualTo("a");
        assertThat(ref.path()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parseExact("a/".repeat(129) + "a:tag")).hasMessage(ERR_NAME_TOO_LONG);
    }

    // ---------------------------------------------------------------------------------------------
    // TestWithNameFailure: 7 cases

    static Stream<Arguments> withNameFailureCases() {
        return Stream.of(
                arguments("", ERR_INVALID_FORMAT),
                arguments(":justtag", ERR_INVALID_FORMAT),
                arguments("@" + SHA256_F, ERR_INVALID_FORMAT),
                arguments("validname@invaliddigest:" + F64, ERR_INVALID_FORMAT),
                arguments("example.com/repo:tag", ERR_INVALID_FORMAT),
                arguments("example.com/" + "a".repeat(256), ERR_NAME_TOO_LONG),
                arguments("aa/asdf$$^/aa", ERR_INVALID_FORMAT));
    }

    @Test
    void withNameFailureTableHasEveryGoCase() {
        assertThat(withNameFailureCases()).hasSize(7);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("withNameFailureCases")
    void withNameFailure(String input, String error) {
        assertThatThrownBy(() -> ImageReference.parseName(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(error);
    }

    // ---------------------------------------------------------------------------------------------
    // TestDomainAndPath: 6 cases

    static Stream<Arguments> domainAndPathCases() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo"),
                arguments("test_com/foo", "", "test_com/foo"),
                arguments("test:8080/foo", "test:8080", "foo"),
                arguments("test.com:8080/foo", "test.com:8080", "foo"),
                arguments("test-com:8080/foo", "test-com:8080", "foo"),
                arguments("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"));
    }

    @Test
    void domainAndPathTableHasEveryGoCase() {
        assertThat(domainAndPathCases()).hasSize(6);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("domainAndPathCases")
    void domainAndPath(String input, String domain, String path) {
        ImageReference named = ImageReference.parseName(input);
        assertThat(named.domain()).isEqualTo(domain);
        assertThat(named.path()).isEqualTo(path);
        assertThat(named.isNameOnly()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // TestSerialization: 4 cases (Go round-trips through JSON; here through parseExact and normalized())

    static Stream<Arguments> serializationCases() {
        return Stream.of(
                arguments("empty value", "", null, null, null, ERR_NAME_EMPTY),
                arguments("just a name", "example.com:8000/named", "example.com:8000/named", null, null, null),
                arguments("name with a tag", "example.com:8000/named:tagged", "example.com:8000/named", "tagged", null,
                        null),
                arguments("name with digest",
                        "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
                        "other.com/named", null,
                        "sha256:1234567890098765432112345667890098765432112345667890098765432112", null));
    }

    @Test
    void serializationTableHasEveryGoCase() {
        assertThat(serializationCases()).hasSize(4);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("serializationCases")
    void serialization(String description, String input, String name, String tag, String digest, String error) {
        if (error != null) {
            assertThatThrownBy(() -> ImageReference.parseExact(input)).hasMessage(error);
            return;
        }
        ImageReference ref = ImageReference.parseExact(input);
        assertThat(ref.name()).isEqualTo(name);
        assertThat(ref.tag()).isEqualTo(Optional.ofNullable(tag));
        assertThat(ref.digest().map(Digest::toString)).isEqualTo(Optional.ofNullable(digest));
        assertThat(ref.normalized()).isEqualTo(input);
        assertThat(ImageReference.parseExact(ref.normalized())).isEqualTo(ref);
    }

    // ---------------------------------------------------------------------------------------------
    // TestWithTag: 5 cases, TestWithDigest: 4 cases.
    //
    // Go's WithDigest only checks the grammar's digest pattern (32+ hex), so its tables use the
    // 39-hex "sha256:1234567890098765432112345667890098765". Our Digest is always a valid go-digest
    // (as every digest Parse yields), so these rows use a full 64-hex sha256 instead; the 39-hex
    // value is shown to be rejected in shortGoTableDigestIsNotAValidDigest.

    static final String GO_TABLE_DIGEST = "sha256:1234567890098765432112345667890098765";
    static final String DIGEST = "sha256:1234567890098765432112345667890098765432112345667890098765432112";

    static Stream<Arguments> withTagCases() {
        return Stream.of(
                arguments("test.com/foo", null, "tag", "test.com/foo:tag"),
                arguments("foo", null, "tag2", "foo:tag2"),
                arguments("test.com:8000/foo", null, "tag4", "test.com:8000/foo:tag4"),
                arguments("test.com:8000/foo", null, "TAG5", "test.com:8000/foo:TAG5"),
                arguments("test.com:8000/foo", DIGEST, "TAG5", "test.com:8000/foo:TAG5@" + DIGEST));
    }

    @Test
    void withTagTableHasEveryGoCase() {
        assertThat(withTagCases()).hasSize(5);
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("withTagCases")
    void withTag(String name, String digest, String tag, String combined) {
        ImageReference named = ImageReference.parseName(name);
        if (digest != null) {
            named = named.withDigest(Digest.parse(digest));
        }
        ImageReference tagged = named.withTag(tag);
        assertThat(tagged.normalized()).isEqualTo(combined);
        assertThat(tagged.tag()).contains(tag);
    }

    static Stream<Arguments> withDigestCases() {
        return Stream.of(
                arguments("test.com/foo", DIGEST, null, "test.com/foo@" + DIGEST),
                arguments("foo", DIGEST, null, "foo@" + DIGEST),
                arguments("test.com:8000/foo", DIGEST, null, "test.com:8000/foo@" + DIGEST),
                arguments("test.com:8000/foo", DIGEST, "latest", "test.com:8000/foo:latest@" + DIGEST));
    }

    @Test
    void withDigestTableHasEveryGoCase() {
        assertThat(withDigestCases()).hasSize(4);
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("withDigestCases")
    void withDigest(String name, String digest, String tag, String combined) {
        ImageReference named = ImageReference.parseName(name);
        if (tag != null) {
            named = named.withTag(tag);
        }
        ImageReference digested = named.withDigest(Digest.parse(digest));
        assertThat(digested.normalized()).isEqualTo(combined);
        assertThat(digested.digest().map(Digest::toString)).contains(digest);
    }

    @Test
    void shortGoTableDigestIsNotAValidDigest() {
        assertThatThrownBy(() -> Digest.parse(GO_TABLE_DIGEST)).hasMessage(ERR_DIGEST_INVALID_LENGTH);
    }

    // ---------------------------------------------------------------------------------------------
    // TestParseNamed: 8 cases

    static Stream<Arguments> parseNamedCases() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo", null),
                arguments("test:8080/foo", "test:8080", "foo", null),
                arguments("test_com/foo", null, null, ERR_NAME_NOT_CANONICAL),
                arguments("test.com", null, null, ERR_NAME_NOT_CANONICAL),
                arguments("foo", null, null, ERR_NAME_NOT_CANONICAL),
                arguments("library/foo", null, null, ERR_NAME_NOT_CANONICAL),
                arguments("docker.io/library/foo", "docker.io", "library/foo", null),
                // Ambiguous case, parser will add "library/" to foo
                arguments("docker.io/foo", null, null, ERR_NAME_NOT_CANONICAL));
    }

    @Test
    void parseNamedTableHasEveryGoCase() {
        assertThat(parseNamedCases()).hasSize(8);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parseNamedCases")
    void parseNamed(String input, String domain, String path, String error) {
        if (error != null) {
            assertThatThrownBy(() -> ImageReference.parseFullyQualified(input))
                    .isInstanceOf(InvalidReferenceException.class)
                    .hasMessage(error);
            return;
        }
        ImageReference named = ImageReference.parseFullyQualified(input);
        assertThat(named.domain()).isEqualTo(domain);
        assertThat(named.path()).isEqualTo(path);
    }

    static final List<String> GO_ERRORS = List.of(ERR_NAME_EMPTY, ERR_INVALID_FORMAT, ERR_NAME_CONTAINS_UPPERCASE,
            ERR_NAME_TOO_LONG, ERR_NAME_NOT_CANONICAL, ERR_TAG_INVALID_FORMAT, ERR_DIGEST_INVALID_LENGTH,
            ERR_DIGEST_UNSUPPORTED);

    @Test
    void ourErrorConstantsCarryGoTexts() {
        assertThat(List.of(InvalidReferenceException.NAME_EMPTY, InvalidReferenceException.INVALID_FORMAT,
                InvalidReferenceException.NAME_CONTAINS_UPPERCASE, InvalidReferenceException.NAME_TOO_LONG,
                InvalidReferenceException.NAME_NOT_CANONICAL, InvalidReferenceException.TAG_INVALID_FORMAT,
                Digest.INVALID_LENGTH, Digest.UNSUPPORTED)).isEqualTo(GO_ERRORS);
    }
}
