package io.imgctl.adapter.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.domain.image.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Docker's events as a {@link ChangeLog}. The daemon keeps its last 256 events in memory only, lost when
 * it restarts, so two things are needed: what happened, read at each check from
 * {@code GET /events?since=...&until=...} (the daemon logs an image's event before it answers the call
 * that changed it, so a change finished before the check is in that answer); and that the daemon did
 * not restart meanwhile, which the {@code GET /events} stream this log holds open proves: it ends when
 * the daemon stops. The stream's events are kept too (the last {@link #SEEN}): when a check's answer is
 * as long as the daemon's memory (older events of the span may be lost there), the events of the span
 * older than the answer's first come from the stream, which delivers in order, so it holds all of them
 * once it has delivered that first one. A check from before the stream began, after it broke, or
 * whose lost events the stream cannot give, is "unknown" (read the store again); a broken stream is
 * opened again at the next {@link #watchFrom}. (The stream is read through the adapter's own transport, not
 * docker-java's {@code eventsCmd}, whose callback does not say when the stream began.)
 */
final class DockerEvents implements ChangeLog {

    /** How many events the daemon keeps (moby's {@code eventsLimit}): an answer that long may have lost older ones. */
    static final int DAEMON_KEEPS = 256;
    /** How many of the stream's events are kept, to stand in for those the daemon's memory lost. */
    static final int SEEN = 4096;
    /** How much earlier than now a watch starts: Docker stamps an event after its change; the margin allows for clock steps. */
    static final Duration MARGIN = Duration.ofMillis(200);
    private static final Pattern HEX_ID = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Supplier<DockerConnection> connections;
    private final String store;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private DockerConnection connection;
    private Thread reader;
    private Response stream;
    private Instant began;
    private volatile boolean open;
    /** The stream's events, oldest first (guarded by {@code this}). */
    private final java.util.ArrayDeque<Seen> seen = new java.util.ArrayDeque<>();
    /** Every event of the stream stamped at or after this is in {@link #seen} (guarded by {@code this}). */
    private long seenFromNanos;

    /** One event of the stream: its stamp, what {@link #sameEvent} compares, and its line. */
    record Seen(long timeNano, String key, String line) {
    }

    DockerEvents(Supplier<DockerConnection> connections, String store) {
        this(connections, store, Clock.systemUTC());
    }

    DockerEvents(Supplier<DockerConnection> connections, String store, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The daemon answers from the events it holds in memory, written before the call that made the change answers. */
    @Override
    public boolean quickToRead() {
        return true;
    }

    @Override
    public String store() {
        return store;
    }

    @Override
    public synchronized Optional<Instant> watchFrom() {
        if (!open && !openStream()) {
            return Optional.empty();
        }
        Instant from = clock.instant().minus(MARGIN);
        return Optional.of(from.isBefore(began) ? began : from);
    }

    /** No event at all (of an image, a container or anything else) in the span. */
    @Override
    public boolean unchangedSince(Instant since) {
        return events(since).map(text -> text.isBlank()).orElse(false);
    }

    @Override
    public ImageChanges changesSince(Instant since) {
        return events(since).map(text -> imageChanges(text, mapper)).orElse(ImageChanges.unknown());
    }

    @Override
    public boolean containersUnchangedSince(Instant since) {
        return events(since).map(text -> !containersChanged(text, mapper)).orElse(false);
    }

    /**
     * The answer of {@code GET /events} from {@code since} up to now, one event a line; empty when it
     * cannot vouch for the span (read before the stream began, the stream broke, the call failed).
     */
    private Optional<String> events(Instant since) {
        Objects.requireNonNull(since, "since");
        Instant streamBegan;
        synchronized (this) {
            if (!open || since.isBefore(began)) {
                return Optional.empty();
            }
            streamBegan = began;
        }
        String path = "/events?since=" + seconds(since) + "&until=" + seconds(clock.instant());
        String text;
        try (Response response = connection.send("read the events", "GET", path, Map.of(), null)) {
            text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | EngineException e) {
            return Optional.empty();
        }
        List<String> answer = text.lines().filter(line -> !line.isBlank()).toList();
        if (answer.size() < DAEMON_KEEPS) {
            synchronized (this) {
                // The stream must have stayed open over the whole span: else the daemon may have restarted.
                if (!open || !began.equals(streamBegan)) {
                    return Optional.empty();
                }
            }
            return Optional.of(text);
        }
        // The daemon's memory may have lost the span's older events: the stream has them, once it has
        // delivered the answer's first event (it delivers in order). Give it a moment to catch up.
        for (int tries = 0; tries < 10; tries++) {
            synchronized (this) {
                if (!open || !began.equals(streamBegan)) {
                    return Optional.empty();
                }
                Optional<List<String>> older = olderThanFirst(answer, List.copyOf(seen), nanos(since), seenFromNanos, mapper);
                if (older.isPresent()) {
                    return Optional.of(String.join("\n", older.get()) + "\n" + text);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The events of the span from {@code sinceNanos} that are older than the first event of the daemon's
     * {@code answer}, from the stream's {@code seen} events (complete from {@code seenFromNanos} on): all
     * seen events from {@code sinceNanos} up to (not including) the one that is the answer's first
     * event. Empty when that cannot be told: the answer's first line is not an event, the seen events
     * do not reach back to {@code sinceNanos}, or the stream has not delivered the answer's first event.
     * Where several seen events look the same as it, the latest counts, which can only add events (ones
     * the answer holds too).
     */
    static Optional<List<String>> olderThanFirst(List<String> answer, List<Seen> seen, long sinceNanos, long seenFromNanos,
                                                 ObjectMapper mapper) {
        if (answer.isEmpty() || sinceNanos < seenFromNanos) {
            return Optional.empty();
        }
        Optional<Seen> first = seen(answer.get(0), mapper);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        List<String> inSpan = new ArrayList<>();
        int match = -1;
        for (Seen event : seen) {
            if (event.timeNano() < sinceNanos) {
                continue;
            }
            if (event.timeNano() == first.get().timeNano() && event.key().equals(first.get().key())) {
                match = inSpan.size();
            }
            inSpan.add(event.line());
        }
        return match < 0 ? Optional.empty() : Optional.of(List.copyOf(inSpan.subList(0, match)));
    }

    /** An event line as {@link Seen}; empty when it is not an event with a stamp. */
    static Optional<Seen> seen(String line, ObjectMapper mapper) {
        try {
            JsonNode event = mapper.readTree(line);
            long timeNano = event.path("timeNano").asLong(0);
            if (timeNano == 0) {
                return Optional.empty();
            }
            String key = event.path("Type").asText("") + " " + event.path("Action").asText("") + " "
                    + event.path("Actor").path("ID").asText("");
            return Optional.of(new Seen(timeNano, key, line));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * Whether an answer of {@code GET /events} may show a container change: any container event (its
     * state, name, or presence), or a line that is not an event or has no type.
     */
    static boolean containersChanged(String text, ObjectMapper mapper) {
        for (String line : text.split("\\n")) {
            if (line.isBlank()) {
                continue;
            }
            String type;
            try {
                type = mapper.readTree(line).path("Type").asText("");
            } catch (JsonProcessingException e) {
                return true;
            }
            if (type.isEmpty() || type.equals("container")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The images an answer of {@code GET /events} names: each image event's ID ({@code sha256:...}). An
     * image event named otherwise (a pull names the reference), a container's commit, or a line that is
     * not an event makes it unknown.
     */
    static ImageChanges imageChanges(String text, ObjectMapper mapper) {
        Set<ImageId> images = new HashSet<>();
        for (String line : text.split("\\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                return ImageChanges.unknown();
            }
            String type = event.path("Type").asText("");
            String id = event.path("Actor").path("ID").asText("");
            if (type.equals("image")) {
                if (!HEX_ID.matcher(id).matches()) {
                    return ImageChanges.unknown();
                }
                images.add(ImageId.parse(id));
            } else if (type.isEmpty() || (type.equals("container") && event.path("Action").asText("").equals("commit"))) {
                return ImageChanges.unknown();
            }
        }
        return ImageChanges.of(images);
    }

    /** Opens the stream that proves the daemon stays up; false when it cannot be opened. */
    private boolean openStream() {
        closeStream();
        try {
            connection = connections.get();
            Response response = connection.send("watch the events", "GET", "/events", Map.of(), null);
            began = clock.instant();
            open = true;
            seen.clear();
            seenFromNanos = nanos(began);
            stream = response;
            InputStream body = response.getBody();
            reader = new Thread(() -> drain(response, body), "imgctl-docker-events");
            reader.setDaemon(true);
            reader.start();
            return true;
        } catch (RuntimeException e) {
            closeStream();
            return false;
        }
    }

    /**
     * Reads the stream until it ends (the daemon stopped, or {@link #close}), keeping its last
     * {@link #SEEN} events; then the watch is broken.
     */
    private void drain(Response response, InputStream body) {
        try (response; java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Optional<Seen> event = seen(line, mapper);
                synchronized (this) {
                    if (reader != Thread.currentThread()) {
                        return;
                    }
                    if (event.isEmpty()) {
                        // Not an event: what came before it can no longer stand in for lost ones.
                        seen.clear();
                        seenFromNanos = Long.MAX_VALUE;
                        continue;
                    }
                    seen.addLast(event.get());
                    if (seen.size() > SEEN) {
                        seenFromNanos = seen.removeFirst().timeNano() + 1;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a stream that broke is a watch that ended
        } finally {
            synchronized (this) {
                if (reader == Thread.currentThread()) {
                    open = false;
                }
            }
        }
    }

    private synchronized void closeStream() {
        open = false;
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                // a stream being let go
            }
            stream = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        reader = null;
    }

    @Override
    public synchronized void close() {
        closeStream();
    }

    /** An instant as Docker's {@code since} and {@code until} take it: Unix seconds with nine decimals. */
    static String seconds(Instant instant) {
        return String.format(Locale.ROOT, "%d.%09d", instant.getEpochSecond(), instant.getNano());
    }
}
