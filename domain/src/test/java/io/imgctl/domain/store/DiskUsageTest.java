package io.imgctl.domain.store;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.imageId;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.opaqueImage;
import static io.imgctl.domain.store.TestStore.ref;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.store.DiskUsage.ImageUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskUsageTest {

    private static final long MB = 1_000_000;

    private final Layer l1 = layer("L1", 100 * MB);
    private final Layer l2 = layer("L2", 10 * MB);
    private final Layer l3 = layer("L3", 20 * MB);
    private final Image base = image("B", List.of("base:1"), l1);
    private final Image c1 = image("C1", List.of("c1:1"), l1, l2);
    private final Image c2 = image("C2", List.of("c2:1"), l1, l3);

    @Test
    void countsSharedLayersOnceAndOnlyUnusedLayersAsReclaimable() {
        StoreSnapshot snap = snapshot(List.of(base, c1, c2),
                List.of(container("run", base, ContainerState.RUNNING, 7)));

        DiskUsage df = DiskUsage.of(snap);

        assertThat(df.images()).containsExactly(
                new ImageUsage(base.id(), List.of(ref("base:1")), 100 * MB, 100 * MB, 0, 1),
                new ImageUsage(c1.id(), List.of(ref("c1:1")), 110 * MB, 100 * MB, 10 * MB, 0),
                new ImageUsage(c2.id(), List.of(ref("c2:1")), 120 * MB, 100 * MB, 20 * MB, 0));
        assertThat(df.layers()).isEqualTo(3);
        assertThat(df.totalSize()).isEqualTo(130 * MB);
        assertThat(df.reclaimableBytes()).isEqualTo(30 * MB);
        assertThat(df.containers()).isEqualTo(1);
        assertThat(df.containersSize()).isEqualTo(7);
    }

    @Test
    void everythingIsReclaimableWhenNoContainerExists() {
        DiskUsage df = DiskUsage.of(snapshot(base, c1, c2));

        assertThat(df.reclaimableBytes()).isEqualTo(df.totalSize()).isEqualTo(130 * MB);
        assertThat(df.containers()).isZero();
        assertThat(df.containersSize()).isZero();
    }

    @Test
    void aStoppedContainerAlsoProtectsItsImagesLayers() {
        DiskUsage df = DiskUsage.of(snapshot(List.of(base, c1, c2),
                List.of(container("old", c2, ContainerState.EXITED, 0))));

        // c2 holds L1 and L3; only L2 (c1's own layer) is reclaimable.
        assertThat(df.reclaimableBytes()).isEqualTo(10 * MB);
        assertThat(df.images().get(2).containers()).isEqualTo(1);
    }

    @Test
    void anImageWithoutLayerDetailCountsItsWholeSizeAsItsOwn() {
        Image opaque = opaqueImage("opaque", List.of("o:1"), 42);
        DiskUsage df = DiskUsage.of(snapshot(opaque, c1));

        // Both created in the same second: listed by name, c1:1 before o:1.
        assertThat(df.images().get(1)).isEqualTo(new ImageUsage(opaque.id(), List.of(ref("o:1")), 42, 0, 42, 0));
        assertThat(df.totalSize()).isEqualTo(110 * MB + 42);
        assertThat(df.layers()).isEqualTo(2);
        assertThat(df.reclaimableBytes()).isEqualTo(110 * MB + 42);
    }

    @Test
    void aLayerListedTwiceInOneImageCountsOnce() {
        Layer empty = layer("empty", 5);
        Image twice = image("twice", List.of(), l2, empty, empty);

        DiskUsage df = DiskUsage.of(snapshot(twice));

        assertThat(df.images().get(0).size()).isEqualTo(10 * MB + 5);
        assertThat(df.images().get(0).sharedSize()).isZero();
        assertThat(df.totalSize()).isEqualTo(10 * MB + 5);
        assertThat(df.layers()).isEqualTo(2);
    }

    @Test
    void containersOfAnImageThatIsGoneStillCount() {
        DiskUsage df = DiskUsage.of(snapshot(List.of(c1),
                List.of(container("ghost", imageId("deleted"), ContainerState.EXITED, 3))));

        assertThat(df.containers()).isEqualTo(1);
        assertThat(df.containersSize()).isEqualTo(3);
        assertThat(df.reclaimableBytes()).isEqualTo(110 * MB);
    }

    @Test
    void anEmptyStoreUsesNothing() {
        DiskUsage df = DiskUsage.of(snapshot());

        assertThat(df.images()).isEmpty();
        assertThat(df.totalSize()).isZero();
        assertThat(df.layers()).isZero();
    }
}
