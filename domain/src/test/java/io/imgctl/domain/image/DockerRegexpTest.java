package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test tables of distribution/reference v0.6.0 {@code regexp_test.go}, one row per Go case,
 * run against the grammar's patterns through {@link ImageReference}'s package-private helpers.
 * Like Go's {@code checkRegexp}, a matching row may list the expected submatches ({@code ""} for
 * a group that took no part).
 */
class DockerRegexpTest {

    // ---------------------------------------------------------------------------------------------
    // TestDomainRegexp: 30 cases

    static Stream<Arguments> domainCases() {
        return Stream.of(
                arguments("test.com", true),
                arguments("test.com:10304", true),
                arguments("test.com:http", false),
                arguments("localhost", true),
                arguments("localhost:8080", true),
                arguments("a", true),
                arguments("a.b", true),
                arguments("ab.cd.com", true),
                arguments("a-b.com", true),
                arguments("-ab.com", false),
                arguments("ab-.com", false),
                arguments("ab.c-om", true),
                arguments("ab.-com", false),
                arguments("ab.com-", false),
                arguments("0101.com", true),
                arguments("001a.com", true),
                arguments("b.gbc.io:443", true),
                arguments("b.gbc.io", true),
                arguments("xn--n3h.com", true), // ☃.com in punycode
                arguments("Asdf.com", true), // uppercase character
                arguments("192.168.1.1:75050", true), // ipv4
                arguments("192.168.1.1:750050", true), // port with more than 5 digits, it will fail on validation
                arguments("[fd00:1:2::3]:75050", true), // ipv6 compressed
                arguments("[fd00:1:2::3]75050", false), // ipv6 wrong port separator
                arguments("[fd00:1:2::3]::75050", false), // ipv6 wrong port separator
                arguments("[fd00:1:2::3%eth0]:75050", false), // ipv6 with zone
                arguments("[fd00123123123]:75050", true), // ipv6 wrong format, will fail in validation
                arguments("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", true), // ipv6 long format
                arguments("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", true), // ipv6 long format and invalid port
                arguments("fd00:1:2::3:75050", false)); // bad ipv6 without square brackets
    }

    @Test
    void domainTableHasEveryGoCase() {
        assertThat(domainCases()).hasSize(30);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("domainCases")
    void domainRegexp(String input, boolean match) {
        assertThat(ImageReference.matchesDomain(input)).isEqualTo(match);
    }

    // ---------------------------------------------------------------------------------------------
    // TestFullNameRegexp: 63 cases

    private static Arguments match(String input, String... subs) {
        return arguments(input, true, List.of(subs));
    }

    private static Arguments noMatch(String input) {
        return arguments(input, false, List.of());
    }

    static Stream<Arguments> fullNameCases() {
        return Stream.of(
                noMatch(""),
                match("short", "", "short"),
                match("simple/name", "simple", "name"),
                match("library/ubuntu", "library", "ubuntu"),
                match("docker/stevvooe/app", "docker", "stevvooe/app"),
                match("aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb", "aa",
                        "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"),
                match("aa/aa/bb/bb/bb", "aa", "aa/bb/bb/bb"),
                match("a/a/a/a", "a", "a/a/a"),
                noMatch("a/a/a/a/"),
                noMatch("a//a/a"),
                match("a", "", "a"),
                match("a/aa", "a", "aa"),
                match("a/aa/a", "a", "aa/a"),
                match("foo.com", "", "foo.com"),
                noMatch("foo.com/"),
                match("foo.com:8080/bar", "foo.com:8080", "bar"),
                noMatch("foo.com:http/bar"),
                match("foo.com/bar", "foo.com", "bar"),
                match("foo.com/bar/baz", "foo.com", "bar/baz"),
                match("localhost:8080/bar", "localhost:8080", "bar"),
                match("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux"),
                match("blog.foo.com/bar/baz", "blog.foo.com", "bar/baz"),
                noMatch("a^a"),
                noMatch("aa/asdf$$^/aa"),
                noMatch("asdf$$^/aa"),
                match("aa-a/a", "aa-a", "a"),
                match("a/".repeat(128) + "a", "a", "a/".repeat(127) + "a"),
                noMatch("a-/a/a/a"),
                noMatch("foo.com/a-/a/a"),
                noMatch("-foo/bar"),
                noMatch("foo/bar-"),
                noMatch("foo-/bar"),
                noMatch("foo/-bar"),
                noMatch("_foo/bar"),
                match("foo_bar", "", "foo_bar"),
                match("foo_bar.com", "", "foo_bar.com"),
                noMatch("foo_bar.com:8080"),
                noMatch("foo_bar.com:8080/app"),
                match("foo.com/foo_bar", "foo.com", "foo_bar"),
                noMatch("____/____"),
                noMatch("_docker/_docker"),
                noMatch("docker_/docker_"),
                match("b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com/my-app"),
                match("xn--n3h.com/myimage", "xn--n3h.com", "myimage"), // ☃.com in punycode
                match("xn--7o8h.com/myimage", "xn--7o8h.com", "myimage"), // 🐳.com in punycode
                match("example.com/xn--7o8h.com/myimage", "example.com", "xn--7o8h.com/myimage"),
                match("example.com/some_separator__underscore/myimage", "example.com",
                        "some_separator__underscore/myimage"),
                noMatch("example.com/__underscore/myimage"),
                noMatch("example.com/..dots/myimage"),
                noMatch("example.com/.dots/myimage"),
                noMatch("example.com/nodouble..dots/myimage"),
                noMatch("example.com/nodouble..dots/myimage"),
                noMatch("docker./docker"),
                noMatch(".docker/docker"),
                noMatch("docker-/docker"),
                noMatch("-docker/docker"),
                noMatch("do..cker/docker"),
                noMatch("do__cker:8080/docker"),
                match("do__cker/docker", "", "do__cker/docker"),
                match("b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com/my-app"),
                match("registry.io/foo/project--id.module--name.ver---sion--name", "registry.io",
                        "foo/project--id.module--name.ver---sion--name"),
                match("Asdf.com/foo/bar"), // uppercase character in hostname
                noMatch("Foo/FarB")); // uppercase characters in remote name
    }

    @Test
    void fullNameTableHasEveryGoCase() {
        assertThat(fullNameCases()).hasSize(63);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("fullNameCases")
    void fullNameRegexp(String input, boolean match, List<String> subs) {
        check(ImageReference.matchName(input), 2, match, subs);
    }

    // ---------------------------------------------------------------------------------------------
    // TestReferenceRegexp: 12 cases

    static final String DIGEST = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912";

    static Stream<Arguments> referenceCases() {
        return Stream.of(
                match("registry.com:8080/myapp:tag", "registry.com:8080/myapp", "tag", ""),
                match("registry.com:8080/myapp@" + DIGEST, "registry.com:8080/myapp", "", DIGEST),
                match("registry.com:8080/myapp:tag2@" + DIGEST, "registry.com:8080/myapp", "tag2", DIGEST),
                noMatch("registry.com:8080/myapp@sha256:badbadbadbad"),
                noMatch("registry.com:8080/myapp:invalid~tag"),
                noMatch("bad_hostname.com:8080/myapp:tag"),
                // localhost treated as name, missing tag with 8080 as tag
                match("localhost:8080@" + DIGEST, "localhost", "8080", DIGEST),
                match("localhost:8080/name@" + DIGEST, "localhost:8080/name", "", DIGEST),
                noMatch("localhost:http/name@" + DIGEST),
                // localhost will be treated as an image name without a host
                match("localhost@" + DIGEST, "localhost", "", DIGEST),
                noMatch("registry.com:8080/myapp@bad"),
                noMatch("registry.com:8080/myapp@2bad")); // TODO(dmcgowan): Support this as valid
    }

    @Test
    void referenceTableHasEveryGoCase() {
        assertThat(referenceCases()).hasSize(12);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceCases")
    void referenceRegexp(String input, boolean match, List<String> subs) {
        check(ImageReference.matchReference(input), 3, match, subs);
    }

    // ---------------------------------------------------------------------------------------------
    // TestIdentifierRegexp: 5 cases

    static Stream<Arguments> identifierCases() {
        return Stream.of(
                arguments("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", true),
                arguments("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C", false),
                arguments("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", false),
                arguments("sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", false),
                arguments("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", false));
    }

    @Test
    void identifierTableHasEveryGoCase() {
        assertThat(identifierCases()).hasSize(5);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("identifierCases")
    void identifierRegexp(String input, boolean match) {
        assertThat(ImageReference.isIdentifier(input)).isEqualTo(match);
    }

    /** Go's checkRegexp: the submatch count is the pattern's, and listed submatches agree. */
    private static void check(Optional<List<String>> result, int groups, boolean match, List<String> subs) {
        if (!match) {
            assertThat(result).isEmpty();
            return;
        }
        assertThat(result).isPresent();
        assertThat(result.get()).hasSize(groups);
        if (!subs.isEmpty()) {
            assertThat(result.get()).isEqualTo(subs);
        }
    }
}
