package io.imgctl.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerTest {

    private static final Digest DIFF_ID = Digest.parse("sha256:" + "c".repeat(64));

    @Test
    void keepsItsHistoryEntrysComment() {
        Layer layer = new Layer(DIFF_ID, 3, "sh -c echo hi > /greeting", Optional.of(Instant.EPOCH), "add greeting");

        assertThat(layer.comment()).isEqualTo("add greeting");
        assertThat(layer.createdBy()).isEqualTo("sh -c echo hi > /greeting");
    }

    @Test
    void theShorterConstructorsGiveNoComment() {
        assertThat(new Layer(DIFF_ID, 3, "ADD x", Optional.empty()).comment()).isEmpty();
        assertThat(new Layer(DIFF_ID, 3).comment()).isEmpty();
        assertThat(new Layer(DIFF_ID, 3)).isEqualTo(new Layer(DIFF_ID, 3, "", Optional.empty(), ""));
    }

    @Test
    void refusesANullCommentAndANegativeSize() {
        assertThatThrownBy(() -> new Layer(DIFF_ID, 3, "", Optional.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("comment");
        assertThatThrownBy(() -> new Layer(DIFF_ID, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
