package io.imgctl.adapter.podman;

import io.imgctl.application.port.out.ChangeLog;
import io.imgctl.application.port.out.EngineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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

    /** Whether the log holds nothing from {@code since} on; false when it cannot be read. */
    private boolean empty(Instant since) {
        try {
            return http.text("read the events log", PodmanHttp.get(http.url(PodmanHttp.LIBPOD, "events")
                    .addQueryParameter("stream", "false")
                    .addQueryParameter("since", seconds(since))
                    .build()), false).isBlank();
        } catch (EngineException e) {
            return false;
        }
    }

    /** An instant as Podman's {@code since} takes it: Unix seconds with nine decimals. */
    static String seconds(Instant instant) {
        return String.format(Locale.ROOT, "%d.%09d", instant.getEpochSecond(), instant.getNano());
    }
}
