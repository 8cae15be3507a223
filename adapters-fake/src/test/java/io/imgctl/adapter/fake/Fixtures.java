package io.imgctl.adapter.fake;

import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.image.ImageReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the engine's tests. */
final class Fixtures {

    private Fixtures() {
    }

    static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    static ContainerSpec spec(String image, String... command) {
        return new ContainerSpec(ref(image), Optional.empty(), Arrays.asList(command));
    }

    static ContainerSpec named(String name, String image, String... command) {
        return new ContainerSpec(ref(image), Optional.of(name), Arrays.asList(command));
    }

    /** Records every pull event. */
    static final class Events implements PullListener {
        final List<PullEvent> events = new ArrayList<>();

        @Override
        public void onEvent(PullEvent event) {
            events.add(event);
        }

        List<String> statuses() {
            return events.stream().map(PullEvent::status).toList();
        }

        List<String> lines() {
            return events.stream().map(e -> e.layer().map(l -> l + ": ").orElse("") + e.status()).toList();
        }
    }
}
