package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.imgctl.application.port.out.PullEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The compatible pull stream, as recorded from Podman 4.3.1. */
class PullStreamTest {

    private final List<PullEvent> events = new ArrayList<>();
    private final PullStream stream = new PullStream(events::add);

    static List<JsonNode> records(String name) throws IOException {
        try (InputStream in = PullStreamTest.class.getResourceAsStream("/libpod/" + name);
             MappingIterator<JsonNode> it = LibpodMappingTest.MAPPER.readerFor(JsonNode.class).readValues(in)) {
            return it.readAll();
        }
    }

    private static String line(PullEvent e) {
        return e.layer().map(l -> l + ": ").orElse("") + e.status();
    }

    @Test
    void layersPassInDockerWordsAndTheConfigBlobIsDropped() throws IOException {
        for (JsonNode record : records("compat-pull-derived.ndjson")) {
            assertThat(stream.accept(record)).isEmpty();
        }
        // the base layer was there; the config's events are held until the end
        assertThat(events).extracting(PullStreamTest::line).containsExactly(
                "94c3a1c4a1e4: Already exists",
                "2b789d47d07d: Pulling fs layer",
                "2b789d47d07d: Download complete");

        stream.finish(Optional.of("96b09a336a2f"));

        assertThat(events).extracting(PullStreamTest::line).containsExactly(
                "94c3a1c4a1e4: Already exists",
                "2b789d47d07d: Pulling fs layer",
                "2b789d47d07d: Download complete",
                "2b789d47d07d: Pull complete");
    }

    @Test
    void heldEventsThatAreNotTheConfigArePassedOn() {
        stream.accept(LibpodMappingTest.json("{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}"));
        stream.accept(LibpodMappingTest.json(
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":10,\"total\":40},\"id\":\"aaaaaaaaaaaa\"}"));
        assertThat(events).isEmpty();
        stream.finish(Optional.of("bbbbbbbbbbbb"));
        assertThat(events).containsExactly(
                PullEvent.layer("aaaaaaaaaaaa", "Pulling fs layer"),
                PullEvent.progress("aaaaaaaaaaaa", "Downloading", 10, 40));
    }

    @Test
    void imageEventsFlushWhatIsHeld() {
        stream.accept(LibpodMappingTest.json("{\"status\":\"Already exists\",\"id\":\"aaaaaaaaaaaa\"}"));
        stream.accept(LibpodMappingTest.json("{\"status\":\"Trying to pull\"}"));
        assertThat(events).containsExactly(PullEvent.layer("aaaaaaaaaaaa", "Already exists"), PullEvent.of("Trying to pull"));
    }

    @Test
    void inBandErrorWithoutStatusIsReturned() throws IOException {
        List<JsonNode> records = records("compat-pull-missing.ndjson");
        assertThat(stream.accept(records.get(0))).hasValueSatisfying(m -> assertThat(m)
                .contains("localhost:5000/imgctl/missing:1").contains("manifest unknown"));
        assertThat(events).isEmpty();
    }

    @Test
    void libpodStyleErrorIsReturnedToo() {
        assertThat(stream.accept(LibpodMappingTest.json("{\"error\":\"short-name \\\"x\\\" did not resolve\"}")))
                .contains("short-name \"x\" did not resolve");
    }
}
