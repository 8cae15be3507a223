package io.imgctl.application.port.out;

/** The engine cannot be reached at its endpoint (exit code 3). */
public class EngineUnavailableException extends EngineException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message, null);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
