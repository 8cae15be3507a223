package io.imgctl.application.port.out;

/** A registry refused or failed a pull or push: unknown image, bad credentials, registry down (exit code 1). */
public class RegistryException extends EngineException {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message, null);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
