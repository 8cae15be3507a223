package io.imgctl.application.port.out;

/** Any other failure the engine reports (exit code 1). */
public class EngineFailureException extends EngineException {

    private static final long serialVersionUID = 1L;

    public EngineFailureException(String message) {
        super(message, null);
    }

    public EngineFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
