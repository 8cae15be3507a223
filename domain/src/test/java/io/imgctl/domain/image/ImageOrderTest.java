package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18: the listing order of images is total (created desc, then the first tag as printed, then ID). */
class ImageOrderTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    /** An image whose ID is the hex digit repeated, so that ID order is chosen by the test. */
    private static Image image(char idDigit, Instant created, String... tags) {
        return new Image(ImageId.parse(String.valueOf(idDigit).repeat(64)),
                List.of(tags).stream().map(t -> ImageReference.parse(t).withDefaultTag()).toList(), List.of(),
                created, 1, Optional.empty(), List.of(), ImageConfig.EMPTY);
    }

    @Test
    void newerImagesComeFirstWhateverTheirNames() {
        Image older = image('1', T, "aaa:1");
        Image newer = image('2', T.plusSeconds(1), "zzz:1");

        assertThat(sorted(older, newer)).containsExactly(newer, older);
        assertThat(sorted(newer, older)).containsExactly(newer, older);
    }

    @Test
    void imagesOfTheSameSecondAreOrderedByTheirFirstTagAsPrintedThenUntaggedByIdWhateverTheInputOrder() {
        // IDs deliberately in the opposite order of the names.
        Image apple = image('f', T, "apple:1", "zebra:9");
        Image banana = image('e', T, "docker.io/library/banana:1");
        Image cherry = image('d', T, "registry.test/cherry:2");
        Image untaggedLow = image('1', T);
        Image untaggedHigh = image('2', T);
        List<Image> expected = List.of(apple, banana, cherry, untaggedLow, untaggedHigh);

        for (long seed = 0; seed < 20; seed++) {
            List<Image> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertThat(shuffled.stream().sorted(Image.NEWEST_FIRST).toList()).as("seed %d", seed)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theNameIsTheFamiliarFormAsListingsPrintIt() {
        // "docker.io/library/b" prints as "b", so it sorts before "localhost/a" though its full name sorts after.
        Image local = image('1', T, "localhost/a:1");
        Image hub = image('2', T, "docker.io/library/b:1");

        assertThat(sorted(local, hub)).containsExactly(hub, local);
    }

    private static List<Image> sorted(Image... images) {
        return List.of(images).stream().sorted(Image.NEWEST_FIRST).toList();
    }
}
