package io.imgctl.application.port.out;

import java.util.Locale;

/** The engines imgctl drives; each adapter module contributes its engine under one of these keys. */
public enum EngineKind {
    DOCKER, PODMAN, FAKE;

    /** {@code docker}, {@code podman}, {@code fake}: the name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
