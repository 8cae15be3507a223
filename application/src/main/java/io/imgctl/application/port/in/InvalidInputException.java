package io.imgctl.application.port.in;

/**
 * A user's input is not usable (an unknown filter key, a bad filter value, an invalid container
 * name, ...). Like {@link io.imgctl.domain.image.InvalidReferenceException} it is bad usage: the
 * CLI maps it to exit code 2, and it is always thrown before any engine is called.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidInputException(String input, String message) {
        super(message);
        this.input = input;
    }

    /** The offending text as the user gave it. */
    public String input() {
        return input;
    }
}
