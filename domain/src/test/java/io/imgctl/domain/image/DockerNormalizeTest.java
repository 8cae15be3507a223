package io.imgctl.domain.image;

import static io.imgctl.domain.image.DockerReferenceTest.ERR_INVALID_FORMAT;
import static io.imgctl.domain.image.DockerReferenceTest.ERR_NAME_TOO_LONG;
import static io.imgctl.domain.image.DockerReferenceTest.ERR_TAG_INVALID_FORMAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.imgctl.domain.image.ImageReference.AnyReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test tables of distribution/reference v0.6.0 {@code normalize_test.go}, one row per Go case.
 * Go's {@code ParseNormalizedNamed} is {@link ImageReference#parse}, {@code ParseAnyReference} is
 * {@link ImageReference#parseAny}, {@code ParseDockerRef} is {@code parse(..).canonical()},
 * {@code FamiliarName}/{@code FamiliarString}/{@code FamiliarMatch} are
 * {@link ImageReference#familiarName()}/{@link ImageReference#familiar()}/{@link ImageReference#familiarMatch}.
 *
 * <p>Where the Go test only checks that an error occurs, these rows also pin the message that
 * Go's code produces for that input.
 */
class DockerNormalizeTest {

    static final String HEX_ID = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    static final String HEX_ID_ERROR =
            "invalid repository name (" + HEX_ID + "), cannot specify 64-byte hexadecimal strings";

    private static String mustBeLowercase(String remote) {
        return "invalid reference format: repository name (" + remote + ") must be lowercase";
    }

    // ---------------------------------------------------------------------------------------------
    // TestValidateReferenceName: 23 valid + 14 invalid names

    static Stream<String> validReferenceNames() {
        return Stream.of(
                "docker/docker",
                "library/debian",
                "debian",
                "docker.io/docker/docker",
                "docker.io/library/debian",
                "docker.io/debian",
                "index.docker.io/docker/docker",
                "index.docker.io/library/debian",
                "index.docker.io/debian",
                "127.0.0.1:5000/docker/docker",
                "127.0.0.1:5000/library/debian",
                "127.0.0.1:5000/debian",
                "192.168.0.1",
                "192.168.0.1:80",
                "192.168.0.1:8/debian",
                "192.168.0.2:25000/debian",
                "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
                "[fc00::1]:5000/docker",
                "[fc00::1]:5000/docker/docker",
                "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
                // valid when specified with a hostname: no ambiguity with an identifier
                "docker.io/" + HEX_ID,
                "Docker/docker",
                "DOCKER/docker");
    }

    static Stream<Arguments> invalidReferenceNames() {
        return Stream.of(
                arguments("https://github.com/docker/docker", ERR_INVALID_FORMAT),
                arguments("docker/Docker", mustBeLowercase("docker/Docker")),
                arguments("-docker", ERR_INVALID_FORMAT),
                arguments("-docker/docker", ERR_INVALID_FORMAT),
                arguments("-docker.io/docker/docker", ERR_INVALID_FORMAT),
                arguments("docker///docker", ERR_INVALID_FORMAT),
                arguments("docker.io/docker/Docker", mustBeLowercase("docker/Docker")),
                arguments("docker.io/docker///docker", ERR_INVALID_FORMAT),
                arguments("[fc00::1]", ERR_INVALID_FORMAT),
                arguments("[fc00::1]:5000", ERR_INVALID_FORMAT),
                arguments("fc00::1:5000/debian", ERR_INVALID_FORMAT),
                arguments("[fe80::1%eth0]:5000/debian", ERR_INVALID_FORMAT),
                arguments("[2001:db8:3:4::192.0.2.33]:5000/debian", ERR_INVALID_FORMAT),
                arguments(HEX_ID, HEX_ID_ERROR));
    }

    @Test
    void validateReferenceNameTablesHaveEveryGoCase() {
        assertThat(validReferenceNames()).hasSize(23);
        assertThat(invalidReferenceNames()).hasSize(14);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validReferenceNames")
    void validateReferenceNameValid(String name) {
        ImageReference ref = ImageReference.parse(name);
        assertThat(ImageReference.parse(ref.normalized())).isEqualTo(ref);
        // docker.io/<64 hex> is the one name whose familiar form reads as an image ID instead.
        if (!ImageReference.isIdentifier(ref.familiar())) {
            assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidReferenceNames")
    void validateReferenceNameInvalid(String name, String error) {
        assertThatThrownBy(() -> ImageReference.parse(name))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(error);
    }

    // ---------------------------------------------------------------------------------------------
    // TestValidateRemoteName: 8 valid + 13 invalid names

    static final String LONG_NAMESPACE = "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255";

    static Stream<String> validRemoteNames() {
        return Stream.of(
                // Sanity check.
                "docker/docker",
                // Allow 64-character non-hexadecimal names (hexadecimal names are forbidden).
                "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
                // Allow embedded hyphens.
                "docker-rules/docker",
                // Allow multiple hyphens as well.
                "docker---rules/docker",
                // Username doc and image name docker being tested.
                "doc/docker",
                // single character names are now allowed.
                "d/docker",
                "jess/t",
                // Consecutive underscores.
                "dock__er/docker");
    }

    static Stream<Arguments> invalidRemoteNames() {
        return Stream.of(
                // Disallow capital letters.
                arguments("docker/Docker", mustBeLowercase("docker/Docker")),
                // Only allow one slash.
                arguments("docker///docker", ERR_INVALID_FORMAT),
                // Disallow 64-character hexadecimal.
                arguments(HEX_ID, HEX_ID_ERROR),
                // Disallow leading and trailing hyphens in namespace.
                arguments("-docker/docker", ERR_INVALID_FORMAT),
                arguments("docker-/docker", ERR_INVALID_FORMAT),
                arguments("-docker-/docker", ERR_INVALID_FORMAT),
                // Don't allow underscores everywhere (as opposed to hyphens).
                arguments("____/____", ERR_INVALID_FORMAT),
                arguments("_docker/_docker", ERR_INVALID_FORMAT),
                // Disallow consecutive periods.
                arguments("dock..er/docker", ERR_INVALID_FORMAT),
                arguments("dock_.er/docker", ERR_INVALID_FORMAT),
                arguments("dock-.er/docker", ERR_INVALID_FORMAT),
                // No repository.
                arguments("docker/", ERR_INVALID_FORMAT),
                // namespace too long
                arguments(LONG_NAMESPACE + "/docker", ERR_NAME_TOO_LONG));
    }

    @Test
    void validateRemoteNameTablesHaveEveryGoCase() {
        assertThat(validRemoteNames()).hasSize(8);
        assertThat(invalidRemoteNames()).hasSize(13);
        assertThat(LONG_NAMESPACE.length()).isGreaterThan(255);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validRemoteNames")
    void validateRemoteNameValid(String name) {
        ImageReference ref = ImageReference.parse(name);
        assertThat(ref.domain()).isEqualTo("docker.io");
        assertThat(ref.path()).isEqualTo(name.contains("/") ? name : "library/" + name);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidRemoteNames")
    void validateRemoteNameInvalid(String name, String error) {
        assertThatThrownBy(() -> ImageReference.parse(name))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(error);
    }

    // ---------------------------------------------------------------------------------------------
    // TestParseRepositoryInfo: 16 cases (each parsed from its familiar, full and, if any, ambiguous name)

    static Stream<Arguments> repositoryInfoCases() {
        return Stream.of(
                info("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"),
                info("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"),
                info("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"),
                info("other/library", "other/library", "docker.io/other/library", "", "docker.io"),
                info("private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "",
                        "127.0.0.1:8000"),
                info("privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"),
                info("private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "",
                        "example.com"),
                info("privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"),
                info("private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "",
                        "example.com:8000"),
                info("privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "",
                        "example.com:8000"),
                info("library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base",
                        "index.docker.io/library/ubuntu-12.04-base", "docker.io"),
                info("library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"),
                info("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"),
                info("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"),
                info("bar", "Foo/bar", "Foo/bar", "", "Foo"),
                info("bar", "FOO/bar", "FOO/bar", "", "FOO"));
    }

    private static Arguments info(String remoteName, String familiarName, String fullName, String ambiguousName,
            String domain) {
        return arguments(remoteName, familiarName, fullName, ambiguousName, domain);
    }

    @Test
    void parseRepositoryInfoTableHasEveryGoCase() {
        assertThat(repositoryInfoCases()).hasSize(16);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("repositoryInfoCases")
    void parseRepositoryInfo(String remoteName, String familiarName, String fullName, String ambiguousName,
            String domain) {
        List<String> refStrings = new ArrayList<>(List.of(familiarName, fullName));
        if (!ambiguousName.isEmpty()) {
            refStrings.add(ambiguousName);
        }
        for (String r : refStrings) {
            ImageReference named = ImageReference.parse(r);
            assertThat(named.familiarName()).as("FamiliarName of %s", r).isEqualTo(familiarName);
            assertThat(named.normalized()).as("FullName of %s", r).isEqualTo(fullName);
            assertThat(named.domain()).as("Domain of %s", r).isEqualTo(domain);
            assertThat(named.path()).as("RemoteName of %s", r).isEqualTo(remoteName);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // TestParseReferenceWithTagAndDigest: 1 case

    @Test
    void parseReferenceWithTagAndDigest() {
        String shortRef = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
        ImageReference ref = ImageReference.parse(shortRef);
        assertThat(ref.normalized()).isEqualTo("docker.io/library/" + shortRef);
        assertThat(ref.tag()).as("should support tag").contains("latest");
        assertThat(ref.digest()).as("should support digest").isPresent();
        assertThat(ref.familiar()).isEqualTo(shortRef);
    }

    // ---------------------------------------------------------------------------------------------
    // TestInvalidReferenceComponents: 1 case

    /**
     * Go's {@code WithDigest(ref, "foo")} fails with ErrDigestInvalidFormat; our {@link Digest}
     * cannot even hold "foo", so the failure surfaces where the digest is made.
     */
    @Test
    void invalidReferenceComponents() {
        assertThatThrownBy(() -> ImageReference.parse("-foo")).isInstanceOf(InvalidReferenceException.class);
        ImageReference ref = ImageReference.parse("busybox");
        assertThatThrownBy(() -> ref.withTag("-foo"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(ERR_TAG_INVALID_FORMAT);
        assertThatThrownBy(() -> ref.withDigest(Digest.parse("foo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid checksum digest format");
    }

    // ---------------------------------------------------------------------------------------------
    // TestParseAnyReference: 14 cases

    static final String REDIS_DIGEST = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    static Stream<Arguments> parseAnyReferenceCases() {
        return Stream.of(
                arguments("redis", "docker.io/library/redis", false),
                arguments("redis:latest", "docker.io/library/redis:latest", false),
                arguments("docker.io/library/redis:latest", "docker.io/library/redis:latest", false),
                arguments("redis@" + REDIS_DIGEST, "docker.io/library/redis@" + REDIS_DIGEST, false),
                arguments("docker.io/library/redis@" + REDIS_DIGEST, "docker.io/library/redis@" + REDIS_DIGEST, false),
                arguments("dmcgowan/myapp", "docker.io/dmcgowan/myapp", false),
                arguments("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest", false),
                arguments("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest", false),
                arguments("dmcgowan/myapp@" + REDIS_DIGEST, "docker.io/dmcgowan/myapp@" + REDIS_DIGEST, false),
                arguments("docker.io/dmcgowan/myapp@" + REDIS_DIGEST, "docker.io/dmcgowan/myapp@" + REDIS_DIGEST,
                        false),
                arguments("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", REDIS_DIGEST, true),
                arguments(REDIS_DIGEST, REDIS_DIGEST, true),
                arguments("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
                        "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", false),
                arguments("dbcc1", "docker.io/library/dbcc1", false));
    }

    @Test
    void parseAnyReferenceTableHasEveryGoCase() {
        assertThat(parseAnyReferenceCases()).hasSize(14);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parseAnyReferenceCases")
    void parseAnyReference(String reference, String equivalent, boolean digestOnly) {
        AnyReference ref = ImageReference.parseAny(reference);
        assertThat(ref.normalized()).isEqualTo(equivalent);
        AnyReference expected = digestOnly
                ? new AnyReference.DigestOnly(Digest.parse(equivalent))
                : new AnyReference.Named(ImageReference.parseExact(equivalent));
        assertThat(ref).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------
    // TestNormalizedSplitHostname: 11 cases

    static Stream<Arguments> normalizedSplitHostnameCases() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo"),
                arguments("test_com/foo", "docker.io", "test_com/foo"),
                arguments("docker/migrator", "docker.io", "docker/migrator"),
                arguments("test.com:8080/foo", "test.com:8080", "foo"),
                arguments("test-com:8080/foo", "test-com:8080", "foo"),
                arguments("foo", "docker.io", "library/foo"),
                arguments("xn--n3h.com/foo", "xn--n3h.com", "foo"),
                arguments("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
                arguments("docker.io/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo/bar", "docker.io", "library/foo/bar"));
    }

    @Test
    void normalizedSplitHostnameTableHasEveryGoCase() {
        assertThat(normalizedSplitHostnameCases()).hasSize(11);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("normalizedSplitHostnameCases")
    void normalizedSplitHostname(String input, String domain, String path) {
        ImageReference named = ImageReference.parse(input);
        assertThat(named.domain()).isEqualTo(domain);
        assertThat(named.path()).isEqualTo(path);
    }

    // ---------------------------------------------------------------------------------------------
    // TestMatchError: 1 case

    @Test
    void matchError() {
        AnyReference named = ImageReference.parseAny("foo");
        assertThatThrownBy(() -> named.familiarMatch("[-x]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("syntax error in pattern");
    }

    // ---------------------------------------------------------------------------------------------
    // TestMatch: 9 cases

    static Stream<Arguments> matchCases() {
        return Stream.of(
                arguments("foo", "foo/**/ba[rz]", false),
                arguments("foo/any/bat", "foo/**/ba[rz]", false),
                arguments("foo/a/bar", "foo/**/ba[rz]", true),
                arguments("foo/b/baz", "foo/**/ba[rz]", true),
                arguments("foo/c/baz:tag", "foo/**/ba[rz]", true),
                arguments("foo/c/baz:tag", "foo/*/baz:tag", true),
                arguments("foo/c/baz:tag", "foo/c/baz:tag", true),
                arguments("example.com/foo/c/baz:tag", "*/foo/c/baz", true),
                arguments("example.com/foo/c/baz:tag", "example.com/foo/c/baz", true));
    }

    @Test
    void matchTableHasEveryGoCase() {
        assertThat(matchCases()).hasSize(9);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @MethodSource("matchCases")
    void match(String reference, String pattern, boolean expected) {
        AnyReference named = ImageReference.parseAny(reference);
        assertThat(named.familiarMatch(pattern)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------
    // TestParseDockerRef: 11 cases

    static final String BUSYBOX_DIGEST = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

    static Stream<Arguments> parseDockerRefCases() {
        return Stream.of(
                arguments("nothing", "busybox", "docker.io/library/busybox:latest"),
                arguments("tag only", "busybox:latest", "docker.io/library/busybox:latest"),
                arguments("digest only", "busybox@" + BUSYBOX_DIGEST, "docker.io/library/busybox@" + BUSYBOX_DIGEST),
                arguments("path only", "library/busybox", "docker.io/library/busybox:latest"),
                arguments("hostname only", "docker.io/busybox", "docker.io/library/busybox:latest"),
                arguments("no tag", "docker.io/library/busybox", "docker.io/library/busybox:latest"),
                arguments("no path", "docker.io/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("no hostname", "library/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("full reference with tag", "docker.io/library/busybox:latest",
                        "docker.io/library/busybox:latest"),
                arguments("gcr reference without tag", "gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
                arguments("both tag and digest", "gcr.io/library/busybox:latest@" + BUSYBOX_DIGEST,
                        "gcr.io/library/busybox@" + BUSYBOX_DIGEST));
    }

    @Test
    void parseDockerRefTableHasEveryGoCase() {
        assertThat(parseDockerRefCases()).hasSize(11);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parseDockerRefCases")
    void parseDockerRef(String name, String input, String expected) {
        String output = ImageReference.parse(input).canonical().normalized();
        assertThat(output).isEqualTo(expected);
        assertThat(ImageReference.parseExact(output).normalized()).isEqualTo(output);
    }
}
