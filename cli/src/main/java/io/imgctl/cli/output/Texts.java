package io.imgctl.cli.output;

import io.imgctl.domain.image.ImageId;
import java.util.List;

/** Small text helpers shared by the tables: short IDs, ellipsis, quoting. */
public final class Texts {

    public static final String NONE = "<none>";

    private Texts() {
    }

    /** {@code 8ca4688f4f35}, or {@code sha256:<64 hex>} with {@code --no-trunc}. */
    public static String imageId(ImageId id, boolean noTrunc) {
        return noTrunc ? id.toString() : id.shortId();
    }

    /** Docker's {@code stringid.TruncateID}: drops an algorithm prefix and keeps 12 characters. */
    public static String truncateId(String id) {
        String hex = id.indexOf(':') >= 0 ? id.substring(id.indexOf(':') + 1) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** Docker's {@code formatter.Ellipsis}: at most {@code max} characters, the last one {@code …}. */
    public static String ellipsis(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Go's {@code strconv.Quote} for the printable ASCII we show: quotes, backslashes and controls escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A command line as {@code ps} shows it: arguments joined by spaces. */
    public static String commandLine(List<String> command) {
        return String.join(" ", command);
    }
}
