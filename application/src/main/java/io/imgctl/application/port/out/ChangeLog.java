package io.imgctl.application.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * An engine's own record of the changes to its store (Podman's events). It lets a process
 * that lives across commands (the resident server) keep an answer it read, and know when the answer may
 * no longer hold: whenever the log shows anything at all since just before the answer was read.
 */
public interface ChangeLog {

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
}
