package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Layer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerHistoryTest {

    private static Digest d(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }

    private static LayerHistory.Entry e(long created, String createdBy, long size) {
        return new LayerHistory.Entry("<missing>", created, createdBy, size);
    }

    @Test
    void recordedDockerHistoryOfTheDerivedTestImage() {
        // GET /images/localhost:5000/imgctl/derived:1/history on Docker 20.10 (newest first)
        List<LayerHistory.Entry> history = List.of(
                new LayerHistory.Entry("sha256:96b09a336a2f08827f38ddee210390f3b175c78a609f85d7fe962cb33c450d7a", 1795515081,
                        "/bin/sh -c #(nop) COPY file:1f48e368a27b1c37eb0f464252633dc1a996e20d311555c69f50b3819b0caf0f in /hello.txt ", 26),
                new LayerHistory.Entry("sha256:e5127295de3e4816b8bd5692539678d7c0a382d8bfe84138d1f0152d005c790d", 1795515080, "", 1982305));

        List<Layer> layers = LayerHistory.layers(List.of(d('a'), d('b')), history);

        assertThat(layers).extracting(Layer::diffId).containsExactly(d('a'), d('b'));
        assertThat(layers).extracting(Layer::size).containsExactly(1982305L, 26L);
        assertThat(layers.get(1).createdBy()).startsWith("/bin/sh -c #(nop) COPY");
        assertThat(layers.get(0).created()).contains(Instant.ofEpochSecond(1795515080));
    }

    @Test
    void metadataStepsWithoutALayerAreSkippedAndMissingIdsStillCarrySizes() {
        List<LayerHistory.Entry> newestFirst = List.of(
                e(5, "/bin/sh -c #(nop)  CMD [\"sh\"]", 0),
                e(4, "/bin/sh -c #(nop) COPY file:abc in /app ", 300),
                e(3, "/bin/sh -c #(nop)  ENV A=b", 0),
                e(2, "/bin/sh -c #(nop) ADD file:base in / ", 5000));

        List<Layer> layers = LayerHistory.layers(List.of(d('1'), d('2')), newestFirst);

        assertThat(layers).extracting(Layer::size).containsExactly(5000L, 300L);
        assertThat(layers).extracting(Layer::createdBy)
                .containsExactly("/bin/sh -c #(nop) ADD file:base in / ", "/bin/sh -c #(nop) COPY file:abc in /app ");
    }

    @Test
    void anEmptyLayerIsTakenFromTheZeroSizeStepThatCanMakeOneNotFromMetadata() {
        List<LayerHistory.Entry> newestFirst = List.of(
                e(6, "CMD [\"sh\"]", 0),                                  // BuildKit spelling, metadata
                e(5, "COPY big /big # buildkit", 700),
                e(4, "RUN /bin/sh -c true # buildkit", 0),                // made an empty layer
                e(3, "LABEL x=y", 0),                                     // metadata
                e(2, "/bin/sh -c #(nop) ADD file:base in / ", 5000));

        List<Layer> layers = LayerHistory.layers(List.of(d('1'), d('2'), d('3')), newestFirst);

        assertThat(layers).extracting(Layer::size).containsExactly(5000L, 0L, 700L);
        assertThat(layers.get(1).createdBy()).startsWith("RUN");
        assertThat(layers.get(2).diffId()).isEqualTo(d('3'));
    }

    @Test
    void layersWithoutHistoryGetZeroSizeAndNoInstruction() {
        List<Layer> layers = LayerHistory.layers(List.of(d('1'), d('2')), List.of(e(1, "", 10)));

        assertThat(layers).extracting(Layer::size).containsExactly(10L, 0L);
        assertThat(layers.get(1).createdBy()).isEmpty();
        assertThat(layers.get(1).created()).isEmpty();
    }

    @Test
    void moreSizedStepsThanLayersMapTheNewestOnes() {
        List<Layer> layers = LayerHistory.layers(List.of(d('1')), List.of(e(2, "new", 20), e(1, "old", 10)));

        assertThat(layers).extracting(Layer::size).containsExactly(20L);
    }
}
