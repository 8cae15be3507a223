package io.imgctl.cli.state;

import io.imgctl.application.port.out.EngineSettings;
import java.nio.file.Path;
import java.util.Optional;

/** imgctl's own state directory: {@code $XDG_STATE_HOME/imgctl}, else {@code ~/.local/state/imgctl}. */
public final class StateDirectory {

    private StateDirectory() {
    }

    public static Path of(EngineSettings settings) {
        Optional<String> xdg = settings.env("XDG_STATE_HOME").filter(s -> !s.isBlank());
        if (xdg.isPresent()) {
            return Path.of(xdg.get(), "imgctl");
        }
        String home = settings.env("HOME").orElse(System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "imgctl");
    }
}
