package io.imgctl.cli.output;

import io.imgctl.domain.container.Container;
import java.time.Instant;

/** The {@code STATUS} column of {@code ps}, worded as Docker's {@code State.String()}. */
public final class ContainerStatus {

    private ContainerStatus() {
    }

    public static String of(Container c, Instant now) {
        return switch (c.state()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + Durations.human(between(c.started().orElse(c.created()), now));
            case PAUSED -> "Up " + Durations.human(between(c.started().orElse(c.created()), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + c.exitCode() + ") "
                    + Durations.ago(c.finished().orElse(c.created()), now);
            case REMOVING -> "Removal In Progress";
            case EXITED -> "Exited (" + c.exitCode() + ") " + Durations.ago(c.finished().orElse(c.created()), now);
            case DEAD -> "Dead";
        };
    }

    private static java.time.Duration between(Instant from, Instant to) {
        java.time.Duration d = java.time.Duration.between(from, to);
        return d.isNegative() ? java.time.Duration.ZERO : d;
    }
}
