package io.imgctl.adapter.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an {@code sh -c} script into statements of words, the way a POSIX shell does for the
 * simple scripts people pass to containers: quotes, backslashes, comments, and the separators
 * {@code ;}, newline, {@code &&}, {@code ||}, {@code &} and {@code |} (the last two run in sequence
 * here). Variables are expanded later, per statement, so {@code $?} sees the previous status; a
 * {@code $} that must stay literal (quoted or escaped) is kept as {@link #LITERAL_DOLLAR} until then.
 */
final class ShellWords {

    static final char LITERAL_DOLLAR = '\uE000';

    private ShellWords() {
    }

    /** The statements of {@code script}; {@code connectors} receives the separator before each statement but the first. */
    static List<List<String>> split(String script, List<String> connectors) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        String pending = null;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'') {
                int end = script.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quoted string");
                }
                word.append(script.substring(i + 1, end).replace('$', LITERAL_DOLLAR));
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = script.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(script.charAt(i + 1)) >= 0) {
                        char escaped = script.charAt(i + 1);
                        if (escaped != '\n') {
                            word.append(escaped == '$' ? LITERAL_DOLLAR : escaped);
                        }
                        i += 2;
                        continue;
                    }
                    word.append(d);
                    i++;
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated quoted string");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < n) {
                    char escaped = script.charAt(i + 1);
                    if (escaped != '\n') {
                        word.append(escaped == '$' ? LITERAL_DOLLAR : escaped);
                        inWord = true;
                    }
                }
                i += 2;
            } else if (c == '#' && !inWord) {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '&' && inWord && word.length() > 0 && word.charAt(word.length() - 1) == '>') {
                word.append(c); // 2>&1: a redirection, not a separator
                i++;
            } else if (c == ';' || c == '\n' || c == '&' || c == '|') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                String separator;
                if ((c == '&' || c == '|') && i + 1 < n && script.charAt(i + 1) == c) {
                    separator = c == '&' ? "&&" : "||";
                    i += 2;
                } else {
                    separator = ";";
                    i++;
                }
                if (!words.isEmpty()) {
                    if (pending != null) {
                        connectors.add(pending);
                    }
                    statements.add(words);
                    words = new ArrayList<>();
                    pending = separator;
                } else if (!";".equals(separator)) {
                    throw new IllegalArgumentException("unexpected \"" + separator + "\"");
                }
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            if (pending != null) {
                connectors.add(pending);
            }
            statements.add(words);
        }
        return statements;
    }

    /** Expands {@code $NAME}, {@code ${NAME}}, {@code $?} and {@code $$} in one word. */
    static String expand(String word, Map<String, String> variables, int lastStatus) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c != '$' || i + 1 >= word.length()) {
                out.append(c == LITERAL_DOLLAR ? '$' : c);
                i++;
                continue;
            }
            char next = word.charAt(i + 1);
            if (next == '?') {
                out.append(lastStatus);
                i += 2;
            } else if (next == '$') {
                out.append('1');
                i += 2;
            } else if (next == '{') {
                int end = word.indexOf('}', i + 2);
                if (end < 0) {
                    out.append(c);
                    i++;
                } else {
                    out.append(variables.getOrDefault(word.substring(i + 2, end), ""));
                    i = end + 1;
                }
            } else if (Character.isLetter(next) || next == '_') {
                int end = i + 1;
                while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')) {
                    end++;
                }
                out.append(variables.getOrDefault(word.substring(i + 1, end), ""));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
