package io.imgctl.application.port.out;

/** The engine refuses because something is in use or in the way (exit code 1). */
public class ConflictException extends EngineException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
