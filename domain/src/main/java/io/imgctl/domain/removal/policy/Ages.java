package io.imgctl.domain.removal.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as prune options spell them: {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}, {@code 2w}. */
public final class Ages {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d|w)");

    private Ages() {
    }

    /** Parses {@code 10m}, {@code 24h}, {@code 7d}, {@code 2w} (also {@code s}). */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidPolicyException(text, "invalid duration \"" + text
                    + "\": use a number and a unit, e.g. 10m, 24h, 7d or 2w");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofDays(7 * n);
        }
    }

    /** The largest whole unit: {@code 3d}, {@code 5h}, {@code 10m}, {@code 42s}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s >= 86_400 * 7 && s % (86_400 * 7) == 0) {
            return s / (86_400 * 7) + "w";
        }
        if (s >= 86_400) {
            return s / 86_400 + "d";
        }
        if (s >= 3600) {
            return s / 3600 + "h";
        }
        if (s >= 60) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
