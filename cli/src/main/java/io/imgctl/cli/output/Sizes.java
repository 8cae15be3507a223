package io.imgctl.cli.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Byte counts as the Docker CLI prints them (go-units {@code HumanSizeWithPrecision}): decimal
 * units of 1000 ({@code B, kB, MB, GB, ...}), no space, and {@code %.Ng} formatting, so 7,050,000
 * bytes is {@code 7.05MB} and 5,600 bytes is {@code 5.6kB}.
 */
public final class Sizes {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    /** The significant digits {@code images}, {@code history} and {@code rmi} use. */
    public static final int PRECISION = 3;

    private Sizes() {
    }

    /** {@code 7.05MB}: three significant digits, as {@code docker images} prints sizes. */
    public static String human(long bytes) {
        return human(bytes, PRECISION);
    }

    public static String human(double size, int precision) {
        int unit = 0;
        double value = size;
        while (value >= 1000.0 && unit < UNITS.length - 1) {
            value /= 1000.0;
            unit++;
        }
        return formatG(value, precision) + UNITS[unit];
    }

    /** Go's {@code %.Ng}: N significant digits, trailing zeros dropped, exponent form when large. */
    static String formatG(double value, int precision) {
        if (value == 0.0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return digits + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        BigDecimal plain = rounded.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0, RoundingMode.UNNECESSARY).toPlainString() : plain.toPlainString();
    }
}
