package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageServiceTest {

    private InMemoryEngine engine;
    private ImageService service;
    private Image web;
    private Image worker;

    @BeforeEach
    void setUp() {
        engine = new InMemoryEngine();
        web = engine.publish("registry.test/team/web:1", layers("os", 100L, "web", 50L),
                Map.of("tier", "front", "team", "a"));
        worker = engine.publish("registry.test/team/worker:2", layers("os", 100L, "worker", 70L),
                Map.of("team", "a"));
        engine.pull(ImageReference.parse("registry.test/team/web:1"), PullListener.IGNORE);
        engine.pull(ImageReference.parse("registry.test/team/worker:2"), PullListener.IGNORE);
        service = new ImageService(engine);
    }

    private static Map<String, Long> layers(String a, long sizeA, String b, long sizeB) {
        Map<String, Long> layers = new LinkedHashMap<>();
        layers.put(a, sizeA);
        layers.put(b, sizeB);
        return layers;
    }

    private List<ImageId> ids(String... filters) {
        return service.listImages(new ListImagesQuery(Optional.empty(), false, List.of(filters))).stream()
                .map(s -> s.image().id()).toList();
    }

    @Test
    void labelFiltersMatchAKeyOrAKeyAndValueAndAllMustHold() {
        assertThat(ids("label=team")).containsExactlyInAnyOrder(web.id(), worker.id());
        assertThat(ids("label=tier=front")).containsExactly(web.id());
        assertThat(ids("label=tier=back")).isEmpty();
        assertThat(ids("label=team=a", "label=tier")).containsExactly(web.id());
    }

    @Test
    void labelFiltersReadTheFullImageWhenTheListingLacksTheConfig() {
        ContainerEngine thinListing = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(engine, args);
                        if (method.getName().equals("listImages")) {
                            return ((List<?>) result).stream().map(i -> strip((Image) i)).toList();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        List<ImageSummary> found = new ImageService(thinListing).listImages(
                new ListImagesQuery(Optional.empty(), false, List.of("label=tier=front")));

        assertThat(found).extracting(s -> s.image().id()).containsExactly(web.id());
    }

    private static Image strip(Image image) {
        return new Image(image.id(), image.tags(), image.digests(), image.created(), image.size(), image.parent(),
                List.of(), ImageConfig.EMPTY);
    }

    @Test
    void aReferenceFilterShowsOnlyTheMatchingTagsOfAnImage() {
        ImageReference alias = ImageReference.parse("other.test/alias:1");
        service.tag("registry.test/team/web:1", alias.familiar());

        List<ImageSummary> found = service.listImages(
                new ListImagesQuery(Optional.of("registry.test/team/*"), false, List.of()));

        assertThat(found).extracting(s -> s.image().id()).containsExactly(worker.id(), web.id());
        assertThat(found.get(1).image().tags()).containsExactly(ImageReference.parse("registry.test/team/web:1"));
    }

    @Test
    void referenceFiltersMatchFamiliarNamesOfDockerHubImages() {
        engine.publish("alpine:3.13", layers("alpine-os", 10L, "x", 1L), Map.of());
        engine.pull(ImageReference.parse("alpine:3.13"), PullListener.IGNORE);

        assertThat(service.listImages(new ListImagesQuery(Optional.of("alpine"), false, List.of())))
                .singleElement().satisfies(s -> assertThat(s.image().tags().get(0).familiar()).isEqualTo("alpine:3.13"));
        assertThat(service.listImages(new ListImagesQuery(Optional.of("alpine:3.14"), false, List.of()))).isEmpty();
    }

    @Test
    void badFiltersAreInvalidInput() {
        for (String bad : List.of("dangling=true", "dangling=false")) {
            assertThat(ids(bad)).isNotNull();
        }
        assertThatThrownBy(() -> ids("dangling=true", "dangling=false")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ids("=x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ids("label=")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ids("before=nothing:1")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: nothing:1");
    }

    @Test
    void historyNamesUntaggedHoldersByShortId() {
        engine.tag(worker.id(), ImageReference.parse("registry.test/team/web:1"));

        List<LayerView> history = service.history(worker.id().toString());

        assertThat(history).hasSize(2);
        assertThat(history.get(0).layer().size()).isEqualTo(70L);
        assertThat(history.get(1).sharedWith()).containsExactly(web.id().shortId());
        assertThat(history.get(0).sharedWith()).isEmpty();
    }

    @Test
    void tagRefusesADigestTarget() {
        assertThatThrownBy(() -> service.tag("registry.test/team/web:1",
                "registry.test/team/web@sha256:" + "a".repeat(64))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void pushSendsTheTagToTheRegistryFromWhereItCanBePulledBack() {
        service.tag("registry.test/team/web:1", "registry.test/team/web:pushed");

        PushResult pushed = service.push("registry.test/team/web:pushed", PullListener.IGNORE);

        assertThat(pushed.reference()).isEqualTo(ImageReference.parse("registry.test/team/web:pushed"));
        engine.untag(ImageReference.parse("registry.test/team/web:pushed"));
        assertThat(service.pull("registry.test/team/web:pushed", PullListener.IGNORE).imageId()).isEqualTo(web.id());
    }

    @Test
    void commitOfAnUnknownContainerIsNotFound() {
        assertThatThrownBy(() -> service.commit("nothing", "registry.test/team/new:1"))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nothing");
    }

    @Test
    void listCountsContainersAndSortsNewestFirst() {
        engine.createContainer(new ContainerSpec(ImageReference.parse("registry.test/team/web:1"), Optional.empty(),
                List.of("echo", "hi")));

        List<ImageSummary> all = service.listImages(ListImagesQuery.everything());

        assertThat(all).extracting(s -> s.image().id()).containsExactly(worker.id(), web.id());
        assertThat(all).extracting(ImageSummary::containers).containsExactly(0, 1);
    }
}
