package io.imgctl.cli.engine;

import io.imgctl.application.port.out.EngineKind;
import java.util.Objects;

/**
 * One way {@code --engine auto} may find an engine (in the style of testcontainers' strategies):
 * it either finds one, or says in a few words why it does not apply or why it failed, so that the
 * final error can list every reason.
 */
public interface DiscoveryStrategy {

    Attempt attempt();

    /** What one strategy concluded. */
    sealed interface Attempt {

        record Found(EngineTarget target) implements Attempt {
            public Found {
                Objects.requireNonNull(target, "target");
            }
        }

        /** The strategy does not apply here ({@code DOCKER_HOST is not set}). */
        record NotApplicable(String reason) implements Attempt {
            public NotApplicable {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** The strategy applied but the engine did not answer. */
        record Failed(String reason) implements Attempt {
            public Failed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** Asks an engine at an endpoint whether it answers; throws an engine exception when it does not. */
    @FunctionalInterface
    interface Probe {
        void ping(EngineKind kind, String host);
    }
}
