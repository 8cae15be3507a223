package io.imgctl.application.port.out;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter needs to reach its engine, gathered once by the CLI.
 *
 * @param host        {@code --host} ({@code unix:///path} or {@code tcp://host:port}), when given
 * @param environment the process environment ({@code DOCKER_HOST}, {@code DOCKER_CONFIG},
 *                    {@code CONTAINER_HOST}, {@code IMGCTL_FAKE_STATE}, {@code XDG_STATE_HOME}, {@code HOME}, ...)
 * @param verbose     {@code --verbose}: adapters may log engine calls to stderr
 * @param trace       the command's stderr, where {@code --verbose} traces go; empty: the process's own. A command
 *                    served by the resident server has a stderr of its own, which is not the server's
 */
public record EngineSettings(Optional<String> host, Map<String, String> environment, boolean verbose,
                             Optional<PrintStream> trace) {

    /** The variable that bounds how long an engine may stay silent in an ordinary call, in seconds. */
    public static final String TIMEOUT_VARIABLE = "IMGCTL_TIMEOUT";
    /** How long an engine may stay silent in an ordinary call when {@code IMGCTL_TIMEOUT} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final long MAX_TIMEOUT_SECONDS = 86_400;

    public EngineSettings {
        Objects.requireNonNull(host, "host");
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(trace, "trace");
    }

    public EngineSettings(Optional<String> host, Map<String, String> environment, boolean verbose) {
        this(host, environment, verbose, Optional.empty());
    }

    /** Where engine calls are traced: the command's stderr with {@code --verbose}, else empty. */
    public Optional<PrintStream> traceStream(PrintStream processStderr) {
        return verbose ? Optional.of(trace.orElse(processStderr)) : Optional.empty();
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }

    /**
     * How long an engine may stay silent in an ordinary call (a listing, an inspect, a removal) before
     * it counts as not answering: {@code IMGCTL_TIMEOUT} seconds, else {@link #DEFAULT_TIMEOUT}. Streams
     * that can rightly be quiet for long (pull, push, waiting for a container) are not bounded by it.
     *
     * @throws InvalidEngineSettingException when {@code IMGCTL_TIMEOUT} is not a whole number of seconds
     *                                       from 1 to 86400
     */
    public Duration callTimeout() {
        Optional<String> value = env(TIMEOUT_VARIABLE).map(String::strip);
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        String text = value.get();
        if (!text.matches("[0-9]{1,6}") || Long.parseLong(text) < 1 || Long.parseLong(text) > MAX_TIMEOUT_SECONDS) {
            throw new InvalidEngineSettingException("Tried to read " + TIMEOUT_VARIABLE + "=" + text
                    + " but failed because it is not a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS
                    + " (e.g. " + TIMEOUT_VARIABLE + "=30)");
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }
}
