package io.imgctl.domain.removal.policy;

/**
 * A prune policy that cannot be applied as given (an invalid {@code --keep} pattern, an image ID
 * that matches nothing, a bad duration or size). Planning fails instead of going on as if the
 * entry did not exist: exclusions fail closed.
 */
public class InvalidPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidPolicyException(String input, String message) {
        super(message);
        this.input = input;
    }

    /** The offending text as the user gave it. */
    public String input() {
        return input;
    }
}
