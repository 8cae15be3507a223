package io.imgctl.domain.removal.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --until-size}: a store size to reach, in bytes ({@code 500MB}, {@code 2GB}, SI units as
 * {@code df} prints them, {@code KiB}/{@code MiB}/{@code GiB} also read) or as a percentage of the
 * store's current size ({@code 80%}).
 */
public sealed interface SizeTarget {

    /** The target in bytes for a store of {@code storeBytes}. */
    long bytes(long storeBytes);

    /** As the user gave it. */
    String shown();

    record Bytes(long value, String shown) implements SizeTarget {
        public Bytes {
            if (value < 0) {
                throw new IllegalArgumentException("size must not be negative: " + value);
            }
        }

        @Override
        public long bytes(long storeBytes) {
            return value;
        }
    }

    record Percent(int percent, String shown) implements SizeTarget {
        public Percent {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percentage must be 0 to 100: " + percent);
            }
        }

        @Override
        public long bytes(long storeBytes) {
            return (long) Math.floor(storeBytes * (percent / 100.0));
        }
    }

    Pattern SIZE = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)?");
    Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    static SizeTarget parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher p = PERCENT.matcher(s);
        if (p.matches()) {
            int percent = Integer.parseInt(p.group(1));
            if (percent > 100) {
                throw new InvalidPolicyException(text, "invalid size \"" + text + "\": a percentage is at most 100%");
            }
            return new Percent(percent, text.trim());
        }
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new InvalidPolicyException(text, "invalid size \"" + text
                    + "\": use bytes with an optional unit (500MB, 2GB) or a percentage of the store (80%)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        double factor;
        switch (unit) {
            case "kb": case "k": factor = 1e3; break;
            case "mb": case "m": factor = 1e6; break;
            case "gb": case "g": factor = 1e9; break;
            case "tb": case "t": factor = 1e12; break;
            case "kib": factor = 1024d; break;
            case "mib": factor = 1024d * 1024; break;
            case "gib": factor = 1024d * 1024 * 1024; break;
            case "tib": factor = 1024d * 1024 * 1024 * 1024; break;
            default: factor = 1;
        }
        return new Bytes((long) Math.floor(n * factor), text.trim());
    }
}
