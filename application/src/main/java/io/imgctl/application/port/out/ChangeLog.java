package io.imgctl.application.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * An engine's own record of the changes to its store (Podman's events log, Docker's events). It lets a process
 * that lives across commands (the resident server) keep an answer it read, and know when the answer may
 * no longer hold: whenever the log shows anything at all since just before the answer was read.
 */
public interface ChangeLog extends AutoCloseable {

    /** The store the log belongs to, e.g. {@code podman unix:///run/podman/podman.sock}: equal for every engine object on it. */
    String store();

    /**
     * The instant from which {@link #unchangedSince} can answer for an answer read from now on: a little
     * before now, so that a change stamped while the answer is read counts. Empty when the log cannot
     * be watched from now on (nothing is then kept).
     */
    Optional<Instant> watchFrom();

    /**
     * Whether the log shows no change at all (of an image, a container or anything else) from
     * {@code since} up to this call, counting every change that finished before the call, even one the
     * engine writes down a little later (Podman's service writes image events up to a tenth of a second
     * after the change). False when it shows one, and when it cannot be read (Podman with
     * {@code events_logger = "none"} answers every read with a failure).
     */
    boolean unchangedSince(Instant since);

    /**
     * Which images changed from {@code since} up to this call, by the same rules as {@link #unchangedSince}
     * (every change that finished before the call counts), as far as the log can name them: a process that
     * kept a listing then re-reads only those images. Changes to containers and anything else are not
     * image changes, except a commit (a new image the log may name by its container only), which makes
     * the answer unknown. The default knows no names: {@link ImageChanges#none()} when
     * {@link #unchangedSince}, else {@link ImageChanges#unknown()}.
     */
    default ImageChanges changesSince(Instant since) {
        return unchangedSince(since) ? ImageChanges.none() : ImageChanges.unknown();
    }

    /**
     * Whether the log shows no change to any container (created, started, stopped, renamed, removed...)
     * from {@code since} up to this call, by the same rules as {@link #unchangedSince}: a process that
     * kept the container listing answers with it again. The default is {@link #unchangedSince} (any
     * change at all counts).
     */
    default boolean containersUnchangedSince(Instant since) {
        return unchangedSince(since);
    }

    /**
     * Whether a read of the log costs about one small call to the engine (Docker answers from the events
     * it holds in memory), rather than a wait for events the engine writes late (Podman's quarter of a
     * second when it shows nothing): then any answer is worth keeping, however quick it was to read.
     */
    default boolean quickToRead() {
        return false;
    }

    /**
     * Ends whatever the log holds open to watch the engine (Docker's event stream). A process keeps one log
     * per store for as long as it keeps an answer from that store, and closes it when it lets the answer go.
     */
    @Override
    default void close() {
    }
}
