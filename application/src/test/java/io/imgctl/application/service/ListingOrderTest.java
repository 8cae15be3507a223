package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerEngine.EngineInfo;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.store.StoreSnapshot;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: {@code images}, {@code ps} and {@code history}'s {@code sharedWith} come out in the same order
 * whatever order the engine lists things of the same second in: newest first, then by name, then by ID.
 */
class ListingOrderTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    private static final Layer BASE = new Layer(Digest.parse("sha256:" + "b".repeat(64)), 100);

    /** IDs chosen in the opposite order of the names. */
    private final Image apple = image('f', "apple:1");
    private final Image banana = image('e', "banana:1");
    private final Image cherry = image('d', "cherry:1");
    private final Image dangling = image('1');
    private final Container alpha = container('f', "alpha");
    private final Container beta = container('e', "beta");

    private static Image image(char idDigit, String... tags) {
        Layer own = new Layer(Digest.parse("sha256:" + String.valueOf(idDigit).repeat(64)), 1);
        return new Image(ImageId.parse(String.valueOf(idDigit).repeat(64)),
                List.of(tags).stream().map(t -> ImageReference.parse(t).withDefaultTag()).toList(), List.of(), T, 101,
                Optional.empty(), List.of(BASE, own), ImageConfig.EMPTY);
    }

    private static Container container(char idDigit, String name) {
        return new Container(String.valueOf(idDigit).repeat(64), name, "apple:1", ImageId.parse("f".repeat(64)),
                List.of("sh"), ContainerState.RUNNING, 0, T, Optional.of(T), Optional.empty(), 0);
    }

    /** An engine that lists exactly these images and containers, in this order. */
    private static ContainerEngine listing(List<Image> images, List<Container> containers) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "listImages" -> images;
            case "listContainers" -> containers;
            case "snapshot", "removalSnapshot" -> new StoreSnapshot(images, containers, T.plusSeconds(60));
            case "info" -> new EngineInfo("listing", "1", "memory://listing", EngineBehaviour.DOCKER);
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException(method.getName());
            }
        };
        return (ContainerEngine) Proxy.newProxyInstance(ListingOrderTest.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, handler);
    }

    @Test
    void imagesOfTheSameSecondListByNameThenUntaggedByIdWhateverTheEnginesOrder() {
        for (List<Image> listed : List.of(List.of(apple, banana, cherry, dangling), List.of(dangling, cherry, banana, apple),
                List.of(banana, apple, dangling, cherry))) {
            List<ImageSummary> found = new ImageService(listing(listed, List.of()))
                    .listImages(new ListImagesQuery(Optional.empty(), false, List.of()));

            assertThat(found).extracting(s -> s.image().id())
                    .containsExactly(apple.id(), banana.id(), cherry.id(), dangling.id());
        }
    }

    @Test
    void containersOfTheSameSecondListByNameWhateverTheEnginesOrder() {
        for (List<Container> listed : List.of(List.of(alpha, beta), List.of(beta, alpha))) {
            assertThat(new ContainerService(listing(List.of(apple), listed)).listContainers(true))
                    .extracting(Container::name).containsExactly("alpha", "beta");
        }
    }

    @Test
    void historySharedWithListsTheOtherImagesInTheImageListingOrderWhateverTheEnginesOrder() {
        for (List<Image> listed : List.of(List.of(apple, banana, cherry, dangling), List.of(dangling, cherry, banana, apple))) {
            List<LayerView> history = new ImageService(listing(listed, List.of())).history("banana:1");

            LayerView base = history.get(history.size() - 1);
            assertThat(base.layer()).isEqualTo(BASE);
            assertThat(base.sharedWith()).containsExactly("apple:1", "cherry:1", dangling.id().shortId());
        }
    }
}
