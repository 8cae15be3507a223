package io.imgctl.application.service;

import io.imgctl.application.port.in.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A shell pattern as Go's {@code path.Match} reads it (what Docker's {@code reference} filter uses):
 * {@code *} is any run of characters other than {@code /}, {@code ?} one such character,
 * {@code [...]} a class ({@code [^...]} negated), {@code \} escapes. A malformed pattern is bad input.
 */
final class Glob {

    private final Pattern regex;

    private Glob(Pattern regex) {
        this.regex = regex;
    }

    static Glob compile(String pattern) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw bad(pattern);
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                case '[' -> {
                    int end = classEnd(pattern, i + 1);
                    re.append(charClass(pattern, i + 1, end));
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return new Glob(Pattern.compile(re.toString()));
    }

    boolean matches(String text) {
        return regex.matcher(text).matches();
    }

    /** The index of the {@code ]} that closes a class opened just before {@code from}. */
    private static int classEnd(String pattern, int from) {
        int i = from;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        boolean first = true;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == ']' && !first) {
                return i;
            }
            if (c == '\\') {
                i++;
            }
            first = false;
            i++;
        }
        throw bad(pattern);
    }

    private static String charClass(String pattern, int from, int end) {
        StringBuilder cls = new StringBuilder("[");
        int i = from;
        if (pattern.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        boolean any = false;
        while (i < end) {
            char lo = pattern.charAt(i);
            if (lo == '\\') {
                lo = pattern.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i < end - 1 && pattern.charAt(i) == '-') {
                hi = pattern.charAt(i + 1);
                if (hi == '\\') {
                    hi = pattern.charAt(i + 2);
                    i++;
                }
                i += 2;
                if (hi < lo) {
                    throw bad(pattern);
                }
            }
            cls.append(escapeInClass(lo));
            if (hi != lo) {
                cls.append('-').append(escapeInClass(hi));
            }
            any = true;
        }
        if (!any) {
            throw bad(pattern);
        }
        return cls.append(']').toString();
    }

    private static String escapeInClass(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static InvalidInputException bad(String pattern) {
        return new InvalidInputException(pattern,
                "Tried to match images against " + pattern + " but failed because it is not a valid pattern");
    }
}
