package io.imgctl.domain.container;

import java.util.Locale;

/** The lifecycle states of a container, as Docker names them. */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    /** Whether the container holds running processes (a removal must stop it first). */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED || this == RESTARTING;
    }

    /** Docker's lowercase name, e.g. {@code exited}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses Docker's or Podman's state name; Podman's {@code configured}/{@code stopped} map to created/exited. */
    public static ContainerState parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "configured":
            case "initialized":
                return CREATED;
            case "stopped":
            case "stopping":
                return EXITED;
            default:
                return ContainerState.valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
