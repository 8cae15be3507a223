package io.imgctl.cli.output;

import java.time.Duration;
import java.time.Instant;

/**
 * Relative times as the Docker CLI prints them (go-units {@code HumanDuration}): {@code Less than a
 * second}, {@code 9 seconds}, {@code About a minute}, {@code 2 minutes}, {@code About an hour},
 * {@code 36 hours}, {@code 13 days}, {@code 6 weeks}, {@code 23 months}, {@code 3 years}.
 */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        // go-units rounds to the nearest hour from here on: 1h31m is "2 hours".
        long hours = (long) (d.toNanos() / 3_600_000_000_000.0 + 0.5);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** {@code 2 minutes ago}; a time in the future (clock skew) reads {@code Less than a second ago}. */
    public static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return human(d.isNegative() ? Duration.ZERO : d) + " ago";
    }
}
