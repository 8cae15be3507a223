package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIdTest {

    static final String HEX = "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821";
    static final ImageId ID = ImageId.parse("sha256:" + HEX);

    @Test
    void parsesTheDockerForm() {
        assertThat(ID.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
        assertThat(ID.hex()).isEqualTo(HEX);
        assertThat(ID).hasToString("sha256:" + HEX);
    }

    @Test
    void parsesBareHexLikePodmanGivesIt() {
        assertThat(ImageId.parse(HEX)).isEqualTo(ID);
    }

    @Test
    void shortIdIsTwelveHexCharacters() {
        assertThat(ID.shortId()).isEqualTo("da304e823d8c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256:", "abc", "sha256:abc", "md5:" + HEX, "SHA256:" + HEX,
        "DA304E823D8CA2B9D863A3C897BAEB852BA21EA9A9F1414736394AE7FCAF9821"})
    void rejectsInvalidIds(String text) {
        assertThatThrownBy(() -> ImageId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "da304e823d8c | true",
        "d | true",
        "sha256:da30 | true",
        "sha256:" + HEX + " | true",
        HEX + " | true",
        "da304e823d8d | false",
        "'' | false",
        "sha256: | false",
        "sha512:da30 | false",
        ":da30 | false",
        "DA304E | false",
        HEX + "0 | false",
    })
    void matchesPrefixes(String prefix, boolean expected) {
        assertThat(ID.matchesPrefix(prefix)).isEqualTo(expected);
    }

    @Test
    void ordersByDigest() {
        ImageId a = ImageId.parse("a".repeat(64));
        ImageId b = ImageId.parse("b".repeat(64));
        assertThat(a).isLessThan(b);
        assertThat(b.compareTo(a)).isPositive();
    }
}
