package io.imgctl.adapter.podman;

import io.imgctl.application.port.out.ChangeLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.ImageChanges;
import io.imgctl.domain.image.ImageId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Podman's events as a {@link ChangeLog}: {@code GET /libpod/events?stream=false&since=...} lists what
 * the events log holds from an instant on, whoever made the change (the service, or a {@code podman}
 * command of the same store, which writes to the same log).
 *
 * <p>Two facts of Podman 4.3 shape it. The service writes an image's events (tag, untag, pull, remove,
 * ...) from a loop that wakes every tenth of a second, so an event may reach the log up to that long
 * after the call that made the change has answered (measured: a tag's event was missing from an
 * immediate read in 4 of 5 tries, and present after 150 ms every time). So {@link #unchangedSince}
 * reads the log at once, which answers "changed" without waiting whenever the event is already
 * written, and only when that read shows nothing reads it again {@link #FLUSH} later. And a service
 * may keep no log ({@code events_logger = "none"}): it then answers the read with status 200 and the
 * failure in the body ({@code cannot read events with the "none" backend}), which, not being empty,
 * counts as a change: nothing is ever taken as unchanged, at the cost of one read.
 */
final class PodmanEvents implements ChangeLog {

    /** How long the service may take to write an event after the change has been answered, with room to spare. */
    static final Duration FLUSH = Duration.ofMillis(250);
    /**
     * How much earlier than now a watch starts. Podman stamps an event after the change it reports (the
     * service and the {@code podman} command alike, with this machine's clock), so a change the answer
     * missed is stamped after the answer began; the margin only allows for an event stamped a little
     * before its change is visible. Kept short: a listing read within it after a change is read again
     * once more, as that change's event falls in its watch.
     */
    static final Duration MARGIN = Duration.ofMillis(200);
    private static final Pattern HEX_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");

    /** Waits; a test's waiting can be instant. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PodmanHttp http;
    private final Clock clock;
    private final Sleeper sleeper;

    PodmanEvents(PodmanHttp http) {
        this(http, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    PodmanEvents(PodmanHttp http, Clock clock, Sleeper sleeper) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public String store() {
        return "podman " + http.endpoint().uri();
    }

    @Override
    public Optional<Instant> watchFrom() {
        return Optional.of(clock.instant().minus(MARGIN));
    }

    @Override
    public boolean unchangedSince(Instant since) {
        Objects.requireNonNull(since, "since");
        if (!empty(since)) {
            return false;
        }
        try {
            sleeper.sleep(FLUSH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return empty(since);
    }

    /**
     * The images the log names from {@code since} on. When the first read names none or some, it is read
     * again {@link #FLUSH} later (a change may not be written yet), and that read, which holds everything
     * the first did, is the answer; an unknown answer needs no second read.
     */
    @Override
    public ImageChanges changesSince(Instant since) {
        Objects.requireNonNull(since, "since");
        ImageChanges first = imageChanges(since);
        if (first.images().isEmpty()) {
            return first;
        }
        try {
            sleeper.sleep(FLUSH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ImageChanges.unknown();
        }
        return imageChanges(since);
    }

    /** Whether the log holds nothing from {@code since} on; false when it cannot be read. */
    private boolean empty(Instant since) {
        return events(since).map(String::isBlank).orElse(false);
    }

    /** The log from {@code since} on, one JSON event a line; empty when it cannot be read. */
    private Optional<String> events(Instant since) {
        try {
            return Optional.of(http.text("read the events log", PodmanHttp.get(http.url(PodmanHttp.LIBPOD, "events")
                    .addQueryParameter("stream", "false")
                    .addQueryParameter("since", seconds(since))
                    .build()), false));
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    private ImageChanges imageChanges(Instant since) {
        return events(since).map(text -> imageChanges(text, http.mapper())).orElse(ImageChanges.unknown());
    }

    /**
     * The images a log's lines name: each image event's ID. An image event without one (Podman 4.3's
     * {@code loadfromarchive} names the archive, not the images), a container's commit (its new image may
     * be named by no image event) and a line that is not an event (a log that cannot be read answers with
     * its failure) make the answer unknown.
     */
    static ImageChanges imageChanges(String text, ObjectMapper mapper) {
        Set<ImageId> images = new HashSet<>();
        for (String line : text.split("\n")) {
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
            String id = event.path("Actor").path("ID").asText(event.path("ID").asText(""));
            if (type.equals("image")) {
                if (!HEX_ID.matcher(id).matches()) {
                    return ImageChanges.unknown();
                }
                images.add(ImageId.parse(id.startsWith("sha256:") ? id : "sha256:" + id));
            } else if (type.isEmpty() || (type.equals("container") && event.path("Action").asText("").equals("commit"))) {
                return ImageChanges.unknown();
            }
        }
        return ImageChanges.of(images);
    }

    /** An instant as Podman's {@code since} takes it: Unix seconds with nine decimals. */
    static String seconds(Instant instant) {
        return String.format(Locale.ROOT, "%d.%09d", instant.getEpochSecond(), instant.getNano());
    }
}
