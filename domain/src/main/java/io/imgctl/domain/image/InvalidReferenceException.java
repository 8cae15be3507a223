package io.imgctl.domain.image;

/**
 * Thrown when a text is not a valid image reference. The message reads like Docker's
 * ({@code invalid reference format: repository name (Foo/Bar) must be lowercase}); the bad input
 * is kept for callers that want to show it.
 */
public final class InvalidReferenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidReferenceException(String input, String message) {
        super(message);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
