package io.imgctl.adapter.fake;

import static io.imgctl.adapter.fake.Fixtures.named;
import static io.imgctl.adapter.fake.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the built-in engine lists images and containers made in the same second in one order,
 * newest first, then by name, then by ID, whatever order they were made in.
 */
class FakeEngineListingOrderTest {

    @TempDir
    Path dir;

    /** A fresh engine whose clock stands still, with {@code names} committed (as images) and run (as containers) in that order. */
    private FakeEngine madeInOneSecond(String state, List<String> names) {
        FakeEngine engine = FakeEngine.create(dir.resolve(state), new TestClock());
        engine.pull(ref("alpine:3.13"), PullListener.IGNORE);
        for (String name : names) {
            String id = engine.createContainer(named(name, "alpine:3.13", "true")).id();
            engine.commit(id, ref(name + ":1"));
        }
        return engine;
    }

    @Test
    void imagesAndContainersOfOneSecondListByNameWhateverTheOrderTheyWereMadeIn() {
        for (List<String> order : List.of(List.of("zulu", "alpha", "mike"), List.of("alpha", "mike", "zulu"),
                List.of("mike", "zulu", "alpha"))) {
            FakeEngine engine = madeInOneSecond(String.join("-", order) + ".json", order);

            List<String> expected = List.of("alpha:1", "mike:1", "zulu:1");
            assertThat(engine.listImages().stream().map(FakeEngineListingOrderTest::name).filter(expected::contains))
                    .as("made as %s", order).containsExactlyElementsOf(expected);
            assertThat(engine.snapshot().images().stream().map(FakeEngineListingOrderTest::name).filter(expected::contains))
                    .as("made as %s", order).containsExactlyElementsOf(expected);
            assertThat(engine.listContainers()).as("made as %s", order).extracting(Container::name)
                    .containsExactly("alpha", "mike", "zulu");
            assertThat(engine.snapshot().containers()).as("made as %s", order).extracting(Container::name)
                    .containsExactly("alpha", "mike", "zulu");
        }
    }

    private static String name(Image image) {
        return image.tags().isEmpty() ? image.id().shortId() : image.tags().get(0).familiar();
    }
}
