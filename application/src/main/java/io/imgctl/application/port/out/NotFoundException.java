package io.imgctl.application.port.out;

/** No such image or container (exit code 1). */
public class NotFoundException extends EngineException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
