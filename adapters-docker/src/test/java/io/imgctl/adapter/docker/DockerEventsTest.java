package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.domain.image.ImageId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerEventsTest {

    private static final String ID = "sha256:" + "a3".repeat(32);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String event(String type, String action, String id) {
        return "{\"Type\":\"" + type + "\",\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"" + id + "\"}}\n";
    }

    @Test
    void imageEventsNameTheirImagesAndOtherEventsAreNoImageChange() {
        String text = event("image", "tag", ID) + event("container", "create", "7b".repeat(32))
                + event("image", "delete", ID) + event("network", "connect", "x");
        assertThat(DockerEvents.imageChanges(text, MAPPER)).isEqualTo(ImageChanges.of(Set.of(ImageId.parse(ID))));
        assertThat(DockerEvents.imageChanges("", MAPPER).isNone()).isTrue();
    }

    @Test
    void aPullNamedByReferenceACommitAJunkLineOrAFullMemoryIsUnknown() {
        assertThat(DockerEvents.imageChanges(event("image", "pull", "localhost:5000/imgctl/base:1"), MAPPER))
                .isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges(event("container", "commit", "7b".repeat(32)), MAPPER))
                .isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges("not json\n", MAPPER)).isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS), MAPPER))
                .isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS - 1), MAPPER).images())
                .hasValue(Set.of(ImageId.parse(ID)));
    }

    @Test
    void anyContainerEventAnUntypedOrJunkLineOrAFullMemoryIsAContainerChangeAndImageEventsAreNot() {
        assertThat(DockerEvents.containersChanged("", MAPPER)).isFalse();
        assertThat(DockerEvents.containersChanged(event("image", "tag", ID) + event("network", "connect", "x"), MAPPER))
                .isFalse();
        for (String action : new String[] {"create", "start", "die", "destroy", "rename", "health_status: healthy"}) {
            assertThat(DockerEvents.containersChanged(event("image", "tag", ID) + event("container", action, "7b".repeat(32)),
                    MAPPER)).as(action).isTrue();
        }
        assertThat(DockerEvents.containersChanged("not json\n", MAPPER)).isTrue();
        assertThat(DockerEvents.containersChanged("{\"Action\":\"x\"}\n", MAPPER)).isTrue();
        assertThat(DockerEvents.containersChanged(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS), MAPPER))
                .isTrue();
        assertThat(DockerEvents.containersChanged(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS - 1), MAPPER))
                .isFalse();
    }

    @Test
    void aLogWhoseStreamCannotBeOpenedWatchesNothingAndKnowsNothing() {
        DockerEvents log = new DockerEvents(() -> {
            throw new IllegalStateException("no daemon");
        }, "docker unix:///nowhere.sock");
        assertThat(log.watchFrom()).isEmpty();
        assertThat(log.changesSince(java.time.Instant.EPOCH)).isEqualTo(ImageChanges.unknown());
        log.close();
    }
}
