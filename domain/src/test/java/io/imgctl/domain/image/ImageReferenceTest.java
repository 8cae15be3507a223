package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.domain.image.ImageReference.AnyReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Our own cases: SPEC section 3's views, the constructor's validation, tags, and familiarMatch. */
class ImageReferenceTest {

    static final String HEX = "e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    static final Digest DIGEST = Digest.parse("sha256:" + HEX);

    // ---------------------------------------------------------------------------------------------
    // SPEC section 3: domain, path, name, tag, digest, normalized, canonical, familiar

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "t/run:1                    | localhost/t/run:1",
        "busybox                    | localhost/busybox:latest",
        "library/foo/bar:2          | localhost/library/foo/bar:2",
        "docker.io/t/run:1          | -",
        "index.docker.io/t/run:1    | -",
        "localhost/t/run:1          | -",
        "localhost:5000/t/run:1     | -",
        "quay.io/org/app:1          | -",
        "Not/Valid                  | -",
    })
    void podmansLocalhostAliasIsOnlyForShortNames(String input, String alias) {
        assertThat(ImageReference.localhostAlias(input).map(ImageReference::normalized))
                .isEqualTo(Optional.ofNullable(alias));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // input                              | domain          | path            | tag   | normalized                                   | canonical                                    | familiar
        "alpine                               | docker.io       | library/alpine  | -     | docker.io/library/alpine                     | docker.io/library/alpine:latest              | alpine",
        "alpine:3.13                          | docker.io       | library/alpine  | 3.13  | docker.io/library/alpine:3.13                | docker.io/library/alpine:3.13                | alpine:3.13",
        "user/app                             | docker.io       | user/app        | -     | docker.io/user/app                           | docker.io/user/app:latest                    | user/app",
        "index.docker.io/user/app:v1          | docker.io       | user/app        | v1    | docker.io/user/app:v1                        | docker.io/user/app:v1                        | user/app:v1",
        "localhost/foo                        | localhost       | foo             | -     | localhost/foo                                | localhost/foo:latest                         | localhost/foo",
        "localhost:5000/demo/busybox:1.0      | localhost:5000  | demo/busybox    | 1.0   | localhost:5000/demo/busybox:1.0              | localhost:5000/demo/busybox:1.0              | localhost:5000/demo/busybox:1.0",
        "localhost                            | docker.io       | library/localhost | -   | docker.io/library/localhost                  | docker.io/library/localhost:latest           | localhost",
        "docker.io/library/foo/bar            | docker.io       | library/foo/bar | -     | docker.io/library/foo/bar                    | docker.io/library/foo/bar:latest             | library/foo/bar",
        "quay.io/org/app:1                    | quay.io         | org/app         | 1     | quay.io/org/app:1                            | quay.io/org/app:1                            | quay.io/org/app:1",
    })
    void viewsOfAParsedReference(String input, String domain, String path, String tag, String normalized,
            String canonical, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.domain()).isEqualTo(domain);
        assertThat(ref.path()).isEqualTo(path);
        assertThat(ref.name()).isEqualTo(domain + "/" + path);
        assertThat(ref.tag()).isEqualTo(Optional.ofNullable(tag));
        assertThat(ref.normalized()).isEqualTo(normalized);
        assertThat(ref.canonical().normalized()).isEqualTo(canonical);
        assertThat(ref.familiar()).isEqualTo(familiar);
        assertThat(ref).hasToString(familiar);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void canonicalDropsTheTagWhenADigestIsPresent() {
        ImageReference both = ImageReference.parse("busybox:1.36@sha256:" + HEX);
        assertThat(both.canonical().normalized()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
        assertThat(both.canonical().tag()).isEmpty();
        ImageReference digestOnly = ImageReference.parse("busybox@sha256:" + HEX);
        assertThat(digestOnly.canonical()).isEqualTo(digestOnly);
    }

    @Test
    void withDefaultTagIsTagNameOnly() {
        assertThat(ImageReference.parse("busybox").withDefaultTag().tag()).contains("latest");
        assertThat(ImageReference.parse("busybox:1").withDefaultTag().tag()).contains("1");
        ImageReference digested = ImageReference.parse("busybox@sha256:" + HEX);
        assertThat(digested.withDefaultTag()).isEqualTo(digested);
        ImageReference both = ImageReference.parse("busybox:1@sha256:" + HEX);
        assertThat(both.withDefaultTag()).isEqualTo(both);
    }

    @Test
    void nameOnlyRepositoryAndTagOrLatest() {
        ImageReference both = ImageReference.parse("busybox:1@sha256:" + HEX);
        assertThat(both.isNameOnly()).isFalse();
        assertThat(both.repository().normalized()).isEqualTo("docker.io/library/busybox");
        assertThat(both.repository().isNameOnly()).isTrue();
        assertThat(both.tagOrLatest()).isEqualTo("1");
        assertThat(both.repository().tagOrLatest()).isEqualTo("latest");
    }

    @Test
    void withTagAndWithDigestKeepEachOther() {
        ImageReference ref = ImageReference.parse("busybox").withDigest(DIGEST).withTag("1");
        assertThat(ref.normalized()).isEqualTo("docker.io/library/busybox:1@sha256:" + HEX);
        assertThat(ref.withTag("2").digest()).contains(DIGEST);
        assertThat(ImageReference.parse("busybox:1").withDigest(DIGEST).tag()).contains("1");
    }

    /** Docker's quirk: docker.io/library/&lt;64 hex&gt; is valid, but its familiar form reads as an ID. */
    @Test
    void familiarFormOfAHexRepositoryIsAnIdentifier() {
        String hex = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
        ImageReference ref = ImageReference.parse("docker.io/" + hex);
        assertThat(ref.familiar()).isEqualTo(hex);
        assertThat(ImageReference.parseAny(ref.familiar())).isInstanceOf(AnyReference.DigestOnly.class);
        assertThat(ImageReference.parse(ref.normalized())).isEqualTo(ref);
    }

    /**
     * Found by ImageReferenceFuzzTest: Docker's familiar form of docker.io/foo.bar/app is foo.bar/app,
     * which names the registry foo.bar; here the domain stays, so the familiar form reads back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"docker.io/foo.bar/app:1", "docker.io/localhost/app", "index.docker.io/my.registry/app",
        "docker.io/e6693c20186f8er.io/e6693c20186f83a96a8339a59817917789d63766cab6c59582"})
    void familiarFormOfAHubPathThatLooksLikeADomainKeepsTheDomain(String text) {
        ImageReference ref = ImageReference.parse(text);
        assertThat(ref.domain()).isEqualTo("docker.io");
        assertThat(ref.familiar()).startsWith("docker.io/");
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
        assertThat(ImageReference.parse("docker.io/user/app").familiar()).isEqualTo("user/app");
    }

    @Test
    void parseKeepsTheUsersInputInTheException() {
        assertThatThrownBy(() -> ImageReference.parse("foo/bar:-x"))
                .isInstanceOfSatisfying(InvalidReferenceException.class,
                        e -> assertThat(e.input()).isEqualTo("foo/bar:-x"))
                .hasMessage("invalid reference format");
        assertThatThrownBy(() -> ImageReference.parse("Foo/BAR"))
                .hasMessage("invalid reference format: repository name (BAR) must be lowercase");
    }

    @Test
    void parseAnyOfADigestWithAnUnknownAlgorithmFallsBackToAName() {
        // digest.Parse fails (unsupported), so Go tries ParseNormalizedNamed: "foo" with tag "bar".
        AnyReference ref = ImageReference.parseAny("foo:bar");
        assertThat(ref).isEqualTo(new AnyReference.Named(ImageReference.parse("foo:bar")));
        assertThat(ref.familiar()).isEqualTo("foo:bar");
    }

    // ---------------------------------------------------------------------------------------------
    // Tags: [\w][\w.-]{0,127}

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "1.0", "v1.2.3-rc.1", "UPPER", "a_b-c.d"})
    void acceptsTags(String tag) {
        assertThat(ImageReference.parse("busybox").withTag(tag).tag()).contains(tag);
        assertThat(ImageReference.parse("busybox:" + tag).tag()).contains(tag);
    }

    @Test
    void acceptsA128CharacterTagAndRefusesA129CharacterOne() {
        String max = "t".repeat(128);
        assertThat(ImageReference.parse("busybox:" + max).tag()).contains(max);
        assertThatThrownBy(() -> ImageReference.parse("busybox").withTag(max + "t")).hasMessage("invalid tag format");
        assertThatThrownBy(() -> ImageReference.parse("busybox:" + max + "t")).hasMessage("invalid reference format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".x", "a:b", "a/b", "a@b", "é"})
    void refusesBadTags(String tag) {
        assertThatThrownBy(() -> ImageReference.parse("busybox").withTag(tag))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("invalid tag format");
    }

    // ---------------------------------------------------------------------------------------------
    // The constructor validates like the parser

    @ParameterizedTest(name = "[{index}] ''{0}'' / ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "docker.io      | ''           | repository name must have at least one component",
        "docker.io      | Library/foo  | repository name must be lowercase",
        "docker.io      | library//foo | invalid reference format",
        "docker.io      | -foo         | invalid reference format",
        "bad_host.com   | foo          | invalid reference format",
        "host:http      | foo          | invalid reference format",
        "[fe80::1%eth0] | foo          | invalid reference format",
    })
    void constructorRefusesInvalidParts(String domain, String path, String message) {
        assertThatThrownBy(() -> new ImageReference(domain, path, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(message);
    }

    @Test
    void constructorLimitsThePathTo255Characters() {
        String path = "a".repeat(255);
        assertThat(new ImageReference("example.com", path, Optional.empty(), Optional.empty()).path()).hasSize(255);
        assertThatThrownBy(() -> new ImageReference("example.com", path + "a", Optional.empty(), Optional.empty()))
                .hasMessage("repository name must not be more than 255 characters");
    }

    @Test
    void constructorAcceptsEmptyDomainAndUppercaseDomain() {
        assertThat(new ImageReference("", "foo", Optional.empty(), Optional.empty()).name()).isEqualTo("foo");
        assertThat(new ImageReference("Foo", "bar", Optional.empty(), Optional.empty()).familiar()).isEqualTo("Foo/bar");
    }

    // ---------------------------------------------------------------------------------------------
    // familiarMatch

    @ParameterizedTest(name = "[{index}] {0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "alpine:3.13                 | alpine*          | true",
        "alpine:3.13                 | alpine           | true",
        "alpine:3.13                 | alp?ne:3.1[0-9]  | true",
        "alpine:3.13                 | *:3.13           | true",
        "alpine:3.13                 | library/alpine   | false",
        "user/app:1                  | user/*           | true",
        "user/app:1                  | *                | false",
        "localhost:5000/demo/app:1   | localhost:5000/* | false",
        "localhost:5000/demo/app:1   | localhost:5000/*/* | true",
        "localhost:5000/demo/app:1   | localhost:5000/demo/app | true",
    })
    void familiarMatchUsesTheFamiliarStringThenTheFamiliarName(String ref, String pattern, boolean expected) {
        assertThat(ImageReference.parse(ref).familiarMatch(pattern)).isEqualTo(expected);
    }

    @Test
    void familiarMatchReportsBadPatternsEvenAfterAMismatch() {
        assertThatThrownBy(() -> ImageReference.parse("foo").familiarMatch("x["))
                .hasMessage("syntax error in pattern");
    }

    @Test
    void digestOnlyReferencesMatchTheirDigest() {
        AnyReference id = ImageReference.parseAny(HEX);
        assertThat(id.normalized()).isEqualTo("sha256:" + HEX);
        assertThat(id.familiarMatch("sha256:e6693c*")).isTrue();
        assertThat(id.familiarMatch("sha256:0*")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alpine                          | docker.io/library/alpine:latest",
        "me/app:1                        | docker.io/me/app:1",
        "localhost:5000/app:2@sha256:" + HEX + " | localhost:5000/app@sha256:" + HEX,
        "app@sha256:" + HEX + "          | docker.io/library/app@sha256:" + HEX,
    })
    void exactNameIsTheDigestFormWhenThereIsOneElseTheTagLatestByDefault(String ref, String expected) {
        assertThat(ImageReference.parse(ref).exactName().normalized()).isEqualTo(expected);
    }
}
