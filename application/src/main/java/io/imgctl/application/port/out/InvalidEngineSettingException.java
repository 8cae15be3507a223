package io.imgctl.application.port.out;

/**
 * A setting that says where or how to reach the engine is not usable: an endpoint with a scheme imgctl
 * does not speak, or without a socket path or host ({@code --host}, {@code DOCKER_HOST},
 * {@code CONTAINER_HOST}), or a malformed {@code IMGCTL_TIMEOUT}. Bad usage (exit code 2): adapters
 * throw it while reading their settings, before any connection is attempted.
 */
public class InvalidEngineSettingException extends EngineException {

    private static final long serialVersionUID = 1L;

    public InvalidEngineSettingException(String message) {
        super(message, null);
    }
}
