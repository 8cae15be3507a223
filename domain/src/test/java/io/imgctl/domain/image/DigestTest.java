package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestTest {

    static final String HEX = "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821";

    @Test
    void parsesAlgorithmAndHex() {
        Digest d = Digest.parse("sha256:" + HEX);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(HEX);
        assertThat(d).hasToString("sha256:" + HEX);
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }

    @Test
    void acceptsSha384AndSha512OfTheirLengths() {
        assertThat(Digest.parse("sha384:" + "a".repeat(96)).hex()).hasSize(96);
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).hex()).hasSize(128);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        // no separator, empty algorithm or empty hex: format
        "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821 | invalid checksum digest format",
        ":da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821 | invalid checksum digest format",
        "sha256: | invalid checksum digest format",
        "'' | invalid checksum digest format",
        // well-formed but unknown algorithm: unsupported
        "md5:d41d8cd98f00b204e9800998ecf8427e | unsupported digest algorithm",
        "invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | unsupported digest algorithm",
        "sha256+b64:abc | unsupported digest algorithm",
        // unknown algorithm that is not even digest-shaped: format
        "SHA256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821 | invalid checksum digest format",
        "sha-:abc | invalid checksum digest format",
        // known algorithm, wrong length: length
        "sha256:ffffffffffffffffffffffffffffffffff | invalid checksum digest length",
        "sha256:1234567890098765432112345667890098765 | invalid checksum digest length",
        "sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98210 | invalid checksum digest length",
        "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | invalid checksum digest length",
        // known algorithm, right length, not lowercase hex: format
        "sha256:DA304E823D8CA2B9D863A3C897BAEB852BA21EA9A9F1414736394AE7FCAF9821 | invalid checksum digest format",
        "sha256:za304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821 | invalid checksum digest format",
        "sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf982: | invalid checksum digest format",
    })
    void rejectsWithGoDigestWording(String text, String message) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(Digest.isValid(text)).isFalse();
    }

    @Test
    void constructorValidatesLikeParse() {
        assertThatThrownBy(() -> new Digest("sha256", "abc")).hasMessage("invalid checksum digest length");
        assertThatThrownBy(() -> new Digest("foo", HEX)).hasMessage("unsupported digest algorithm");
        assertThatThrownBy(() -> new Digest("", HEX)).hasMessage("invalid checksum digest format");
    }

    @Test
    void lenientParsingAcceptsBareHexAsSha256() {
        assertThat(Digest.parseLenient(HEX)).isEqualTo(Digest.parse("sha256:" + HEX));
        assertThat(Digest.parseLenient("sha256:" + HEX)).isEqualTo(Digest.parse("sha256:" + HEX));
    }

    @Test
    void lenientParsingStillValidates() {
        assertThatThrownBy(() -> Digest.parseLenient("abc")).hasMessage("invalid checksum digest length");
        assertThatThrownBy(() -> Digest.parseLenient(HEX.toUpperCase())).hasMessage("invalid checksum digest format");
        assertThatThrownBy(() -> Digest.parseLenient("md5:" + HEX)).hasMessage("unsupported digest algorithm");
    }

    @Test
    void isValidAcceptsGoodDigests() {
        assertThat(Digest.isValid("sha256:" + HEX)).isTrue();
        assertThat(Digest.isValid(HEX)).isFalse();
    }

    @Test
    void ordersByText() {
        Digest a = Digest.parse("sha256:" + "a".repeat(64));
        Digest b = Digest.parse("sha256:" + "b".repeat(64));
        assertThat(a).isLessThan(b);
        assertThat(a.compareTo(Digest.parse(a.toString()))).isZero();
    }
}
