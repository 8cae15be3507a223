package io.imgctl.domain.removal.policy;

import java.util.Locale;

/** Which moment an image's age is measured from ({@code --age-basis}). */
public enum AgeBasis {
    /** When the image was built: only when asked, since an old image pulled now is not old. */
    CREATED("created"),
    /** When it was pulled, or first seen on this host. */
    PULLED("pulled"),
    /** When a container last used it (created, started or finished); when never used, when it was pulled. */
    LAST_USED("last-used"),
    /** The default: the later of pulled and last used. */
    PULLED_OR_USED("pulled-or-used");

    private final String cliName;

    AgeBasis(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** {@code created}, {@code pulled}, {@code last-used} or {@code pulled-or-used}. */
    public static AgeBasis parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (AgeBasis basis : values()) {
            if (basis.cliName.equals(s)) {
                return basis;
            }
        }
        throw new InvalidPolicyException(text, "invalid age basis \"" + text
                + "\": use created, pulled or last-used");
    }

    /** How reasons name the moment: {@code created}, {@code pulled}, {@code last used}, {@code pulled or used}. */
    String describe() {
        return cliName.replace('-', ' ');
    }
}
