package io.imgctl.domain.image;

/**
 * Thrown when a text is not a valid image reference. The message is Docker's own
 * ({@code invalid reference format: repository name (Foo/Bar) must be lowercase}); the bad input
 * is kept for callers that want to show it.
 */
public final class InvalidReferenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** {@code ErrReferenceInvalidFormat}. */
    public static final String INVALID_FORMAT = "invalid reference format";
    /** {@code ErrTagInvalidFormat}. */
    public static final String TAG_INVALID_FORMAT = "invalid tag format";
    /** {@code ErrNameContainsUppercase}. */
    public static final String NAME_CONTAINS_UPPERCASE = "repository name must be lowercase";
    /** {@code ErrNameEmpty}. */
    public static final String NAME_EMPTY = "repository name must have at least one component";
    /** {@code ErrNameTooLong}. */
    public static final String NAME_TOO_LONG = "repository name must not be more than "
            + ImageReference.NAME_TOTAL_LENGTH_MAX + " characters";
    /** {@code ErrNameNotCanonical}. */
    public static final String NAME_NOT_CANONICAL = "repository name must be canonical";

    private final String input;

    public InvalidReferenceException(String input, String message) {
        super(message);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
