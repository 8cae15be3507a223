package io.imgctl.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.testdouble.InMemoryEngine;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageDetailsTest {

    private static Image image(InMemoryEngine store, String reference) {
        store.publish(reference, Map.of(reference + "/layer", 100L), Map.of("app", reference));
        store.pull(ImageReference.parse(reference), PullListener.IGNORE);
        return store.findImage(reference).orElseThrow();
    }

    @Test
    void mergedTakesNamesFromTheListingAndWhatCannotChangeFromTheFullRead() {
        InMemoryEngine store = new InMemoryEngine();
        Image full = image(store, "registry.test/a:1");
        store.tag(full.id(), ImageReference.parse("registry.test/a:2"));
        Image listed = store.listImages().get(0);
        Image names = new Image(listed.id(), listed.tags(), listed.digests(), listed.created(), 0, Optional.empty(),
                List.of(), io.imgctl.domain.image.ImageConfig.EMPTY);

        Image merged = ImageDetails.merged(names, full);

        assertThat(merged.tags()).containsExactlyInAnyOrderElementsOf(listed.tags()).hasSize(2);
        assertThat(merged.layers()).isEqualTo(full.layers()).isNotEmpty();
        assertThat(merged.config()).isEqualTo(full.config());
        assertThat(merged.size()).isEqualTo(full.size());
        Image other = image(store, "registry.test/b:1");
        assertThatThrownBy(() -> ImageDetails.merged(other, full)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsWhatIsListedAndAtMostItsCapacity() {
        InMemoryEngine store = new InMemoryEngine();
        Image a = image(store, "registry.test/a:1");
        Image b = image(store, "registry.test/b:1");
        Image c = image(store, "registry.test/c:1");
        ImageDetails details = new ImageDetails(2);
        details.put(a);
        details.put(b);
        details.get(a.id());
        details.put(c);
        assertThat(details.size()).isEqualTo(2);
        assertThat(details.get(b.id())).as("the least recently used went first").isEmpty();
        assertThat(details.get(a.id())).contains(a);

        details.retainOnly(List.of(c.id()));
        assertThat(details.get(a.id())).isEmpty();
        assertThat(details.get(c.id())).contains(c);
        assertThat(details.size()).isEqualTo(1);
    }
}
