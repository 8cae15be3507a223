package io.imgctl.domain.store;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an engine lists images (and containers) of the same second in any order; a snapshot, and so
 * df, layer holders and everything planned from it, does not depend on that order.
 */
class StoreOrderTest {

    private final Layer base = layer("base", 100);
    // All created at TestStore.T0; the IDs (sha256 of the keys) sort B < C < A, the names apple < banana < cherry.
    private final Image apple = image("A", List.of("apple:1"), base, layer("a", 1));
    private final Image banana = image("B", List.of("banana:1"), base, layer("b", 2));
    private final Image cherry = image("C", List.of("cherry:1"), base, layer("c", 3));
    private final Image dangling = image("E", List.of(), base, layer("e", 4));

    private final List<List<Image>> listings = List.of(
            List.of(apple, banana, cherry, dangling),
            List.of(dangling, cherry, banana, apple),
            List.of(banana, dangling, apple, cherry));

    @Test
    void aSnapshotHoldsImagesNewestFirstThenByNameThenByIdWhateverTheListingOrder() {
        for (List<Image> listed : listings) {
            assertThat(snapshot(listed, List.of()).images()).as("listed as %s", names(listed))
                    .containsExactly(apple, banana, cherry, dangling);
        }
    }

    @Test
    void aSnapshotHoldsContainersNewestFirstThenByNameThenByIdWhateverTheListingOrder() {
        Container alpha = container("alpha", apple, ContainerState.EXITED); // ID sorts after beta's
        Container beta = container("beta", apple, ContainerState.EXITED);
        assertThat(alpha.id().compareTo(beta.id())).isPositive();

        assertThat(snapshot(List.of(apple), List.of(beta, alpha)).containers()).containsExactly(alpha, beta);
        assertThat(snapshot(List.of(apple), List.of(alpha, beta)).containers()).containsExactly(alpha, beta);
        assertThat(snapshot(List.of(apple), List.of(beta, alpha)).index().containersUsing(apple.id()))
                .containsExactly(alpha, beta);
    }

    @Test
    void dfListsImagesInTheSameOrderWhateverTheListingOrder() {
        for (List<Image> listed : listings) {
            assertThat(DiskUsage.of(snapshot(listed, List.of())).images()).as("listed as %s", names(listed))
                    .extracting(DiskUsage.ImageUsage::id)
                    .containsExactly(apple.id(), banana.id(), cherry.id(), dangling.id());
        }
    }

    @Test
    void theHoldersOfALayerAndTheSizeItIsCountedWithDoNotDependOnTheListingOrder() {
        // Two images that disagree on the shared layer's size: the first holder in the snapshot's order wins.
        Image bigBase = image("B", List.of("banana:1"), layer("base", 999));
        for (List<Image> listed : List.of(List.of(apple, bigBase), List.of(bigBase, apple))) {
            StoreIndex index = snapshot(listed, List.of()).index();
            assertThat(index.holders(base.diffId())).extracting(Image::id).containsExactly(apple.id(), bigBase.id());
            assertThat(index.layerSize(base.diffId())).isEqualTo(100);
        }
    }

    private static List<String> names(List<Image> images) {
        return images.stream().map(i -> i.tags().isEmpty() ? i.id().shortId() : i.tags().get(0).familiar()).toList();
    }
}
