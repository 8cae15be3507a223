package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTest {

    private static final ImageId ID = ImageId.parse("sha256:" + "a".repeat(64));
    private static final Layer LAYER = new Layer(Digest.parse("sha256:" + "b".repeat(64)), 10);

    private static Image committed() {
        return new Image(ID, List.of(ImageReference.parse("me/greeter:1")), List.of(), Instant.EPOCH, 10,
                Optional.empty(), List.of(LAYER), ImageConfig.EMPTY, "Me <me@example.com>", "add greeting");
    }

    @Test
    void anImageWithoutAuthorOrCommentHasEmptyOnes() {
        Image listed = new Image(ID, List.of(), List.of(), Instant.EPOCH, 0, Optional.empty(), List.of(),
                ImageConfig.EMPTY);

        assertThat(listed.author()).isEmpty();
        assertThat(listed.comment()).isEmpty();
    }

    @Test
    void authorAndCommentSurviveNewTagsAndLayers() {
        Image image = committed()
                .withTags(List.of(ImageReference.parse("me/greeter:2")))
                .withLayers(List.of());

        assertThat(image.author()).isEqualTo("Me <me@example.com>");
        assertThat(image.comment()).isEqualTo("add greeting");
        assertThat(image.tags()).containsExactly(ImageReference.parse("me/greeter:2"));
        assertThat(image.layers()).isEmpty();
    }

    @Test
    void authorAndCommentAreRequired() {
        assertThatThrownBy(() -> new Image(ID, List.of(), List.of(), Instant.EPOCH, 0, Optional.empty(), List.of(),
                ImageConfig.EMPTY, null, "")).isInstanceOf(NullPointerException.class).hasMessage("author");
        assertThatThrownBy(() -> new Image(ID, List.of(), List.of(), Instant.EPOCH, 0, Optional.empty(), List.of(),
                ImageConfig.EMPTY, "", null)).isInstanceOf(NullPointerException.class).hasMessage("comment");
    }

    @Test
    void exactNamesAreTheTagsAndEachDigestWithoutItsTag() {
        String digest = "sha256:" + "c".repeat(64);
        Image image = new Image(ID, List.of(ImageReference.parse("me/greeter:1"), ImageReference.parse("me/greeter:2")),
                List.of(ImageReference.parse("me/greeter:1@" + digest)), Instant.EPOCH, 10, Optional.empty(),
                List.of(LAYER), ImageConfig.EMPTY);

        assertThat(image.exactNames()).containsExactly(ImageReference.parse("me/greeter:1"),
                ImageReference.parse("me/greeter:2"), ImageReference.parse("me/greeter@" + digest));
        assertThat(committed().withTags(List.of()).exactNames()).isEmpty();
    }
}
