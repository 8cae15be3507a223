package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.image.ImageId;
import org.junit.jupiter.api.Test;

class TextsTest {

    private static final ImageId ID = ImageId.parse("sha256:8ca4688f4f356596b5ae539337c9941abc78eda10021d35cbc52659c74d9b443");

    @Test
    void shortens_image_ids_to_twelve_hex_characters_unless_asked_not_to() {
        assertThat(Texts.imageId(ID, false)).isEqualTo("8ca4688f4f35");
        assertThat(Texts.imageId(ID, true)).isEqualTo(ID.toString());
        assertThat(Texts.truncateId("sha256:8ca4688f4f356596")).isEqualTo("8ca4688f4f35");
    }

    @Test
    void ellipsizes_long_texts_with_one_character() {
        assertThat(Texts.ellipsis("docker-entrypoint.sh node", 20)).isEqualTo("docker-entrypoint.s…").hasSize(20);
        assertThat(Texts.ellipsis("/hello", 20)).isEqualTo("/hello");
    }

    @Test
    void quotes_commands_as_go_does() {
        assertThat(Texts.quote("/bin/sh -c \"echo hi\"")).isEqualTo("\"/bin/sh -c \\\"echo hi\\\"\"");
    }
}
