package io.imgctl.application.port.out;

/**
 * The family of engine failures. Messages are one line that says what was tried, on which engine,
 * and what to do, e.g. {@code Tried to list images on docker at unix:///var/run/docker.sock but it
 * did not answer (connection refused). Start it with: bash scripts/engines.sh up}.
 */
public abstract class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
