package io.imgctl.domain.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The parts of an image's configuration that users look at. */
public record ImageConfig(
        List<String> cmd,
        List<String> entrypoint,
        List<String> env,
        String workingDir,
        String user,
        Map<String, String> labels,
        String architecture,
        String os) {

    public static final ImageConfig EMPTY =
            new ImageConfig(List.of(), List.of(), List.of(), "", "", Map.of(), "amd64", "linux");

    public ImageConfig {
        cmd = List.copyOf(Objects.requireNonNull(cmd, "cmd"));
        entrypoint = List.copyOf(Objects.requireNonNull(entrypoint, "entrypoint"));
        env = List.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(user, "user");
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
    }
}
