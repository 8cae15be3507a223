package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A well-known socket: applies when the file exists, succeeds when the engine behind it answers a ping. */
final class SocketProbeStrategy implements DiscoveryStrategy {

    private final EngineKind kind;
    private final Optional<Path> socket;
    private final String unknownPathReason;
    private final Probe probe;

    /**
     * @param socket            the socket's path, empty when it cannot be known (e.g. {@code XDG_RUNTIME_DIR} unset)
     * @param unknownPathReason what to report when {@code socket} is empty
     */
    SocketProbeStrategy(EngineKind kind, Optional<Path> socket, String unknownPathReason, Probe probe) {
        this.kind = kind;
        this.socket = socket;
        this.unknownPathReason = unknownPathReason;
        this.probe = probe;
    }

    @Override
    public Attempt attempt() {
        if (socket.isEmpty()) {
            return new Attempt.NotApplicable(unknownPathReason);
        }
        Path path = socket.get();
        String host = "unix://" + path;
        if (!Files.exists(path)) {
            return new Attempt.NotApplicable(path + " does not exist");
        }
        try {
            probe.ping(kind, host);
            return new Attempt.Found(new EngineTarget(kind, Optional.of(host), path + " answered as " + kind.cliName()));
        } catch (RuntimeException e) {
            return new Attempt.Failed(path + " did not answer as " + kind.cliName() + " (" + e.getMessage() + ")");
        }
    }
}
