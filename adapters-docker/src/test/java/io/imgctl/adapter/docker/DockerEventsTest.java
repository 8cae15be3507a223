package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.domain.image.ImageId;
import java.util.List;
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
    void aPullNamedByReferenceACommitOrAJunkLineIsUnknown() {
        assertThat(DockerEvents.imageChanges(event("image", "pull", "localhost:5000/imgctl/base:1"), MAPPER))
                .isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges(event("container", "commit", "7b".repeat(32)), MAPPER))
                .isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges("not json\n", MAPPER)).isEqualTo(ImageChanges.unknown());
        assertThat(DockerEvents.imageChanges(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS * 2), MAPPER).images())
                .as("whether an answer is complete is told before it is read").hasValue(Set.of(ImageId.parse(ID)));
    }

    @Test
    void anyContainerEventOrAnUntypedOrJunkLineIsAContainerChangeAndImageEventsAreNot() {
        assertThat(DockerEvents.containersChanged("", MAPPER)).isFalse();
        assertThat(DockerEvents.containersChanged(event("image", "tag", ID) + event("network", "connect", "x"), MAPPER))
                .isFalse();
        for (String action : new String[] {"create", "start", "die", "destroy", "rename", "health_status: healthy"}) {
            assertThat(DockerEvents.containersChanged(event("image", "tag", ID) + event("container", action, "7b".repeat(32)),
                    MAPPER)).as(action).isTrue();
        }
        assertThat(DockerEvents.containersChanged("not json\n", MAPPER)).isTrue();
        assertThat(DockerEvents.containersChanged("{\"Action\":\"x\"}\n", MAPPER)).isTrue();
        assertThat(DockerEvents.containersChanged(event("image", "tag", ID).repeat(DockerEvents.DAEMON_KEEPS * 2), MAPPER))
                .isFalse();
    }

    private static String stamped(long timeNano, String action, String id) {
        return "{\"Type\":\"image\",\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"" + id + "\"},\"timeNano\":"
                + timeNano + "}";
    }

    private static List<DockerEvents.Seen> seen(String... lines) {
        return java.util.Arrays.stream(lines).map(line -> DockerEvents.seen(line, MAPPER).orElseThrow()).toList();
    }

    @Test
    void theEventsTheDaemonsMemoryLostComeFromTheStreamUpToTheAnswersFirstEvent() {
        String lost1 = stamped(110, "tag", ID);
        String lost2 = stamped(120, "untag", ID);
        String first = stamped(130, "delete", ID);
        String next = stamped(140, "tag", ID);
        List<String> answer = List.of(first, next);
        String beforeSpan = stamped(90, "tag", ID);

        assertThat(DockerEvents.olderThanFirst(answer, seen(beforeSpan, lost1, lost2, first, next), 100, 50, MAPPER))
                .hasValue(List.of(lost1, lost2));
        assertThat(DockerEvents.olderThanFirst(answer, seen(lost1, lost2), 100, 50, MAPPER))
                .as("the stream has not delivered the answer's first event yet").isEmpty();
        assertThat(DockerEvents.olderThanFirst(answer, seen(lost2, first, next), 100, 115, MAPPER))
                .as("the kept events no longer reach back to the span's start").isEmpty();
        assertThat(DockerEvents.olderThanFirst(List.of("not json"), seen(lost1, first), 100, 50, MAPPER)).isEmpty();
        String twin = stamped(130, "delete", ID);
        assertThat(DockerEvents.olderThanFirst(answer, seen(lost1, twin, lost2, first), 100, 50, MAPPER))
                .as("of events that look the same, the latest counts: never fewer events").hasValue(List.of(lost1, twin, lost2));
        assertThat(DockerEvents.seen(event("image", "tag", ID), MAPPER)).as("no stamp").isEmpty();
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
