package io.imgctl.adapter.podman;

import static io.imgctl.adapter.podman.RecordedLibpod.L;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.EngineSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PodmanEvents} against the recorded service: what it asks, and what it makes of the answers. */
class PodmanEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123456789Z");

    private final RecordedLibpod podman = new RecordedLibpod();
    private final List<Duration> waited = new ArrayList<>();
    private final PodmanEvents events = new PodmanEvents(http(podman.uri()), Clock.fixed(NOW, ZoneOffset.UTC), waited::add);

    private static PodmanHttp http(String uri) {
        EngineSettings settings = new EngineSettings(Optional.of(uri), Map.of(), false);
        return new PodmanHttp(() -> PodmanEndpoint.resolve(settings), settings::callTimeout, new ObjectMapper(), null);
    }

    @AfterEach
    void stop() {
        podman.close();
    }

    @Test
    void watchesFromAFifthOfASecondBeforeNowWithoutAskingTheService() {
        assertThat(events.watchFrom()).contains(NOW.minusMillis(200));
        assertThat(podman.lines()).isEmpty();
    }

    @Test
    void anEmptyLogIsReadAgainAfterTheServiceHadTimeToWriteAndThenIsUnchanged() {
        podman.on("GET " + L + "/events", 200, "");

        assertThat(events.unchangedSince(Instant.parse("2026-11-25T09:59:58.000000042Z"))).isTrue();

        String read = "GET " + L + "/events?stream=false&since=1795600798.000000042";
        assertThat(podman.lines()).containsExactly(read, read);
        assertThat(waited).containsExactly(PodmanEvents.FLUSH);
    }

    @Test
    void anEventWrittenDuringTheWaitIsAChange() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        podman.on("GET " + L + "/events", () -> RecordedLibpod.answer(200, reads.incrementAndGet() == 1 ? ""
                : "{\"Type\":\"image\",\"Action\":\"untag\",\"timeNano\":1795600799900000000}\n"));

        assertThat(events.unchangedSince(NOW.minusSeconds(1))).isFalse();
        assertThat(reads).hasValue(2);
        assertThat(waited).containsExactly(PodmanEvents.FLUSH);
    }

    @Test
    void anyEventOrAFailedReadIsAChangeAtOnceWithoutWaiting() {
        podman.on("GET " + L + "/events", 200,
                "{\"Type\":\"container\",\"Action\":\"health_status\",\"timeNano\":1795600799000000000}\n");
        assertThat(events.unchangedSince(NOW.minusSeconds(1))).isFalse();

        podman.on("GET " + L + "/events", 500, "{\"cause\":\"x\",\"message\":\"boom\",\"response\":500}");
        assertThat(events.unchangedSince(NOW.minusSeconds(1))).isFalse();

        // Podman 4.3.1 with events_logger = "none" (recorded): status 200, the failure in the body.
        podman.on("GET " + L + "/events", 200, "{\"cause\":\"cannot read events with the \\\"none\\\" backend\","
                + "\"message\":\"cannot read events with the \\\"none\\\" backend\",\"response\":500}\n");
        assertThat(events.unchangedSince(NOW.minusSeconds(1))).isFalse();

        podman.stopService();
        assertThat(events.unchangedSince(NOW.minusSeconds(1))).isFalse();
        assertThat(waited).isEmpty();
    }

    @Test
    void anInterruptedWaitIsAChangeAndKeepsTheInterrupt() {
        PodmanEvents interrupted = new PodmanEvents(http(podman.uri()), Clock.fixed(NOW, ZoneOffset.UTC), d -> {
            throw new InterruptedException();
        });
        podman.on("GET " + L + "/events", 200, "");
        try {
            assertThat(interrupted.unchangedSince(NOW)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(podman.lines()).hasSize(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theEngineOffersTheLogOnlyOnAUnixSocket() {
        PodmanContainerEngine overTcp = PodmanEngines.create(new EngineSettings(Optional.of(podman.uri()), Map.of(), false));
        assertThat(overTcp.changeLog()).isEmpty();

        PodmanContainerEngine onSocket = PodmanEngines.create(
                new EngineSettings(Optional.of("unix:///run/imgctl-test/podman.sock"), Map.of(), false));
        assertThat(onSocket.changeLog()).get().extracting(l -> l.store())
                .isEqualTo("podman unix:///run/imgctl-test/podman.sock");
    }

    @Test
    void sinceIsUnixSecondsWithNineDecimals() {
        assertThat(PodmanEvents.seconds(Instant.parse("1970-01-01T00:00:01.5Z"))).isEqualTo("1.500000000");
        assertThat(PodmanEvents.seconds(NOW)).isEqualTo("1795600800.123456789");
    }
}
