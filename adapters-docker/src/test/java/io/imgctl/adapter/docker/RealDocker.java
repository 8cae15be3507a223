package io.imgctl.adapter.docker;

import static org.junit.jupiter.api.Assertions.fail;

import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker daemon that {@code bash scripts/engines.sh up} starts, reached as the environment says
 * ({@code DOCKER_HOST}, the Docker context, or the default socket). With {@code CI=true} an unreachable
 * daemon fails the tests; otherwise they are skipped with the reason.
 */
final class RealDocker {

    static final String BASE = "localhost:5000/imgctl/base:1";
    static final String DERIVED = "localhost:5000/imgctl/derived:1";
    static final String MISSING = "localhost:5000/imgctl/missing:1";

    private RealDocker() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static EngineSettings settings(Map<String, String> extraEnvironment) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(extraEnvironment);
        return new EngineSettings(Optional.empty(), env, false);
    }

    /** An engine on the real daemon; skips (or, on CI, fails) the calling test when it does not answer. */
    static ContainerEngine engine() {
        return engine(Map.of());
    }

    static ContainerEngine engine(Map<String, String> extraEnvironment) {
        ContainerEngine engine = new DockerContainerEngine(settings(extraEnvironment));
        try {
            engine.ping();
        } catch (EngineUnavailableException e) {
            unavailable("the Docker daemon does not answer: " + e.getMessage());
        }
        return engine;
    }

    /** Requires a registry answering at {@code http://127.0.0.1:port/v2/} (any HTTP status). */
    static void requireRegistry(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            c.getResponseCode();
            c.disconnect();
        } catch (IOException e) {
            unavailable("no registry answers on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
        }
    }

    private static void unavailable(String why) {
        String message = why.contains("scripts/engines.sh up") ? why : why + ". Start the engines with: bash scripts/engines.sh up";
        if (onCi()) {
            fail("CI=true and " + message);
        }
        Assumptions.abort("Skipped: " + message);
    }
}
