package io.imgctl.domain.store;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.ref;
import static io.imgctl.domain.store.TestStore.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreIndexTest {

    private final Image alpine = image("alpine", List.of("alpine:3.13", "alpine:latest"), layer("base", 100));
    private final Image app = image("app", List.of("localhost:5000/app:1"), layer("base", 100), layer("app", 5));

    @Test
    void resolvesABareNameAsItsLatestTag() {
        StoreIndex index = snapshot(alpine, app).index();

        assertThat(index.resolve("alpine")).isEqualTo(new ImageResolution.ByTag(alpine, ref("alpine:latest")));
        assertThat(index.resolve("docker.io/library/alpine:3.13"))
                .isEqualTo(new ImageResolution.ByTag(alpine, ref("alpine:3.13")));
        assertThat(index.resolve("localhost:5000/app:1")).isEqualTo(new ImageResolution.ByTag(app, ref("localhost:5000/app:1")));
    }

    @Test
    void onPodmanAShortNameFallsBackToItsLocalhostNameOnlyWhenNoDockerHubNameExists() {
        Image local = image("local", List.of("localhost/t/run:1", "localhost/busybox:latest"), layer("l", 1));
        Image hub = image("hub", List.of("t/run:2"), layer("h", 1));
        Image both = image("both", List.of("localhost/t/run:2"), layer("b", 1));
        StoreIndex index = snapshot(local, hub, both).index();

        assertThat(index.resolve("t/run:1", true)).isEqualTo(new ImageResolution.ByTag(local, ref("localhost/t/run:1")));
        assertThat(index.resolve("busybox", true)).isEqualTo(new ImageResolution.ByTag(local, ref("localhost/busybox:latest")));
        // docker.io first: the name shown as t/run:2 wins over localhost/t/run:2
        assertThat(index.resolve("t/run:2", true)).isEqualTo(new ImageResolution.ByTag(hub, ref("t/run:2")));
        // an explicit registry is never rewritten, and Docker's resolution has no fallback
        assertThat(index.resolve("docker.io/t/run:1", true)).isEqualTo(new ImageResolution.Missing("docker.io/t/run:1"));
        assertThat(index.resolve("t/run:1", false)).isEqualTo(new ImageResolution.Missing("t/run:1"));
        assertThat(index.resolve("t/run:1")).isEqualTo(new ImageResolution.Missing("t/run:1"));
    }

    @Test
    void resolvesFullIdsAndUniquePrefixesWithOrWithoutAlgorithm() {
        StoreIndex index = snapshot(alpine, app).index();

        assertThat(index.resolve(app.id().toString())).isEqualTo(new ImageResolution.ById(app));
        assertThat(index.resolve(app.id().hex())).isEqualTo(new ImageResolution.ById(app));
        assertThat(index.resolve(app.id().shortId())).isEqualTo(new ImageResolution.ById(app));
        assertThat(index.resolve("sha256:" + app.id().hex().substring(0, 8))).isEqualTo(new ImageResolution.ById(app));
    }

    @Test
    void aPrefixSharedByTwoImagesIsAmbiguousAndAnUnknownNameIsMissing() {
        // 17 images: two of them must share their first hex digit.
        Map<Character, List<Image>> byFirst = new HashMap<>();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Image img = image("i" + i, List.of(), layer("l" + i, 1));
            images.add(img);
            byFirst.computeIfAbsent(img.id().hex().charAt(0), k -> new ArrayList<>()).add(img);
        }
        Map.Entry<Character, List<Image>> shared = byFirst.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).findFirst().orElseThrow();
        StoreIndex index = snapshot(images, List.of()).index();

        assertThat(index.resolve(String.valueOf(shared.getKey())))
                .isEqualTo(new ImageResolution.Ambiguous(String.valueOf(shared.getKey()), shared.getValue().size()));
        assertThat(index.resolve("nope:1")).isEqualTo(new ImageResolution.Missing("nope:1"));
        assertThat(index.resolve("")).isEqualTo(new ImageResolution.Missing(""));
    }

    @Test
    void countsEachImageOnceAsHolderOfALayerItListsTwice() {
        Layer empty = layer("empty", 0);
        Image twice = image("twice", List.of("t:1"), layer("base", 100), empty, empty);
        StoreIndex index = snapshot(twice, alpine).index();

        assertThat(index.holders(empty.diffId())).containsExactly(twice);
        // In the snapshot's order: both created in the same second, so by name, alpine before t:1.
        assertThat(index.holders(layer("base", 100).diffId())).containsExactly(alpine, twice);
        assertThat(index.distinctLayers(twice)).extracting(Layer::diffId)
                .containsExactly(layer("base", 0).diffId(), empty.diffId());
    }

    @Test
    void aLayerKeepsTheSizeOfItsFirstHolder() {
        Image first = image("first", List.of(), layer("x", 100));
        Image second = image("second", List.of(), layer("x", 90));
        StoreIndex index = snapshot(first, second).index();

        assertThat(index.layerSize(layer("x", 0).diffId())).isEqualTo(100);
    }

    @Test
    void indexesChildrenAndContainers() {
        Image parent = image("p", List.of(), layer("base", 1));
        Image kid = TestStore.child("k", parent, List.of("k:1"), layer("base", 1), layer("k", 1));
        Container c = container("c1", kid, ContainerState.EXITED);
        StoreIndex index = snapshot(List.of(parent, kid), List.of(c)).index();

        assertThat(index.children(parent.id())).containsExactly(kid);
        assertThat(index.children(kid.id())).isEmpty();
        assertThat(index.containersUsing(kid.id())).containsExactly(c);
        assertThat(index.containersUsing(parent.id())).isEmpty();
    }

    @Test
    void resolvesContainersByNameFullIdOrUniquePrefix() {
        Container web = container("web", alpine, ContainerState.RUNNING);
        Container db = container("db", alpine, ContainerState.EXITED);
        StoreIndex index = snapshot(List.of(alpine), List.of(web, db)).index();

        assertThat(index.resolveContainer("web")).isEqualTo(new ContainerResolution.Found(web));
        assertThat(index.resolveContainer(db.id())).isEqualTo(new ContainerResolution.Found(db));
        assertThat(index.resolveContainer(db.id().substring(0, 6))).isEqualTo(new ContainerResolution.Found(db));
        assertThat(index.resolveContainer("cache")).isEqualTo(new ContainerResolution.Missing("cache"));
        assertThat(index.resolveContainer("")).isEqualTo(new ContainerResolution.Missing(""));
    }

    @Test
    void aNameWinsOverAnotherContainersIdPrefixAndASharedPrefixIsAmbiguous() {
        Map<Character, List<Container>> byFirst = new HashMap<>();
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Container c = container("c" + i, alpine, ContainerState.EXITED);
            containers.add(c);
            byFirst.computeIfAbsent(c.id().charAt(0), k -> new ArrayList<>()).add(c);
        }
        Map.Entry<Character, List<Container>> shared = byFirst.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).findFirst().orElseThrow();
        String prefix = String.valueOf(shared.getKey());
        Container named = container(prefix, alpine, ContainerState.EXITED);

        StoreIndex ambiguous = snapshot(List.of(alpine), containers).index();
        List<Container> withNamed = new ArrayList<>(containers);
        withNamed.add(named);
        StoreIndex byName = snapshot(List.of(alpine), withNamed).index();

        assertThat(ambiguous.resolveContainer(prefix))
                .isEqualTo(new ContainerResolution.Ambiguous(prefix, shared.getValue().size()));
        assertThat(byName.resolveContainer(prefix)).isEqualTo(new ContainerResolution.Found(named));
    }
}
