package io.imgctl.application.port.out;

import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code commit} makes: the container, the new image's tag, and what {@code docker commit}'s
 * {@code --message}, {@code --author} and {@code --change} add.
 *
 * @param containerId the container's full ID
 * @param reference   the new image's tag (a digest reference cannot be a tag)
 * @param message     the commit message, kept as the new history entry's comment
 * @param author      the author, kept in the image's {@code Author} field
 * @param changes     Dockerfile instructions applied to the new image's config, one each, e.g.
 *                    {@code CMD ["cat", "/greeting"]}; only {@link #INSTRUCTIONS} are allowed
 */
public record CommitSpec(String containerId, ImageReference reference, Optional<String> message,
                         Optional<String> author, List<String> changes) {

    /** The instructions {@code docker commit --change} applies that every engine here supports. */
    public static final Set<String> INSTRUCTIONS =
            Set.of("CMD", "ENTRYPOINT", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE");

    public CommitSpec {
        Objects.requireNonNull(containerId, "containerId");
        if (containerId.isBlank()) {
            throw new IllegalArgumentException("containerId must not be blank");
        }
        Objects.requireNonNull(reference, "reference");
        if (reference.digest().isPresent()) {
            throw new IllegalArgumentException("a commit needs a tag, not a digest: " + reference);
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(author, "author");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
        for (String change : changes) {
            String instruction = instruction(change);
            if (!INSTRUCTIONS.contains(instruction)) {
                throw new IllegalArgumentException("unsupported change \"" + change + "\": commit applies only "
                        + String.join(", ", INSTRUCTIONS.stream().sorted().toList()));
            }
            if (change.strip().length() == instruction.length()) {
                throw new IllegalArgumentException("change \"" + change + "\" has no argument");
            }
        }
    }

    /** A commit with no message, author or changes. */
    public static CommitSpec of(String containerId, ImageReference reference) {
        return new CommitSpec(containerId, reference, Optional.empty(), Optional.empty(), List.of());
    }

    /** The instruction word of a change, upper-cased: {@code cmd ["x"]} gives {@code CMD}. */
    public static String instruction(String change) {
        String stripped = Objects.requireNonNull(change, "change").strip();
        int space = 0;
        while (space < stripped.length() && !Character.isWhitespace(stripped.charAt(space))) {
            space++;
        }
        return stripped.substring(0, space).toUpperCase(Locale.ROOT);
    }

    /**
     * {@code base} with the changes applied as Docker applies {@code commit --change}: exec form
     * ({@code ["a", "b"]}) or shell form ({@code /bin/sh -c ...}) for CMD and ENTRYPOINT, an
     * ENTRYPOINT resets an inherited CMD (as in a Dockerfile), ENV and LABEL take {@code K=V} pairs
     * (ENV also {@code K V}), a relative WORKDIR is joined to the current one. EXPOSE is accepted
     * but {@link ImageConfig} keeps no ports, so it changes nothing here.
     */
    public ImageConfig applyTo(ImageConfig base) {
        List<String> cmd = base.cmd();
        List<String> entrypoint = base.entrypoint();
        List<String> env = new ArrayList<>(base.env());
        String workingDir = base.workingDir();
        String user = base.user();
        Map<String, String> labels = new LinkedHashMap<>(base.labels());
        boolean cmdSet = false;
        for (String change : changes) {
            String instruction = instruction(change);
            String argument = change.strip().substring(instruction.length()).strip();
            switch (instruction) {
                case "CMD" -> {
                    cmd = commandForm(argument);
                    cmdSet = true;
                }
                case "ENTRYPOINT" -> {
                    entrypoint = commandForm(argument);
                    if (!cmdSet) {
                        cmd = List.of();
                    }
                }
                case "ENV" -> {
                    for (Map.Entry<String, String> pair : pairs(argument, true).entrySet()) {
                        env.removeIf(e -> e.startsWith(pair.getKey() + "="));
                        env.add(pair.getKey() + "=" + pair.getValue());
                    }
                }
                case "LABEL" -> labels.putAll(pairs(argument, false));
                case "WORKDIR" -> {
                    String dir = unquote(argument);
                    workingDir = dir.startsWith("/") || workingDir.isEmpty()
                            ? dir : (workingDir.endsWith("/") ? workingDir : workingDir + "/") + dir;
                }
                case "USER" -> user = unquote(argument);
                default -> {
                    // EXPOSE: no ports in ImageConfig.
                }
            }
        }
        return new ImageConfig(cmd, entrypoint, env, workingDir, user, labels, base.architecture(), base.os());
    }

    /**
     * The changes with every LABEL and ENV of several {@code K=V} pairs split into one change per
     * pair ({@code LABEL a=1 b="x y"} gives {@code LABEL a="1"} and {@code LABEL b="x y"}), for engines
     * that read only one pair per change (Podman 4).
     */
    public List<String> onePairPerChange() {
        List<String> result = new ArrayList<>();
        for (String change : changes) {
            String instruction = instruction(change);
            String argument = change.strip().substring(instruction.length()).strip();
            boolean pairs = ("LABEL".equals(instruction) || "ENV".equals(instruction))
                    && !words(argument).isEmpty() && words(argument).get(0).contains("=");
            if (!pairs) {
                result.add(change);
                continue;
            }
            pairs(argument, false).forEach((key, value) -> result.add(instruction + " " + key + "=\""
                    + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        }
        return List.copyOf(result);
    }

    /** {@code ["a", "b"]} as a list, anything else as {@code /bin/sh -c TEXT}. */
    static List<String> commandForm(String argument) {
        if (argument.startsWith("[")) {
            Optional<List<String>> exec = jsonStrings(argument);
            if (exec.isPresent()) {
                return exec.get();
            }
        }
        return List.of("/bin/sh", "-c", argument);
    }

    /** A JSON array of strings, or empty when the text is not one (Docker then takes the shell form). */
    static Optional<List<String>> jsonStrings(String text) {
        List<String> values = new ArrayList<>();
        int i = skipSpace(text, 1);
        if (i < text.length() && text.charAt(i) == ']') {
            return skipSpace(text, i + 1) == text.length() ? Optional.of(List.of()) : Optional.empty();
        }
        while (i < text.length()) {
            if (text.charAt(i) != '"') {
                return Optional.empty();
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (i < text.length() && text.charAt(i) != '"') {
                char ch = text.charAt(i);
                if (ch == '\\' && i + 1 < text.length()) {
                    char next = text.charAt(++i);
                    switch (next) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'u' -> {
                            if (i + 4 >= text.length()) {
                                return Optional.empty();
                            }
                            value.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> value.append(next);
                    }
                } else {
                    value.append(ch);
                }
                i++;
            }
            if (i >= text.length()) {
                return Optional.empty();
            }
            values.add(value.toString());
            i = skipSpace(text, i + 1);
            if (i < text.length() && text.charAt(i) == ',') {
                i = skipSpace(text, i + 1);
            } else if (i < text.length() && text.charAt(i) == ']') {
                return skipSpace(text, i + 1) == text.length() ? Optional.of(List.copyOf(values)) : Optional.empty();
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code K=V K2="v 2"} pairs; with {@code legacy}, a first word without {@code =} means {@code K rest}. */
    static Map<String, String> pairs(String argument, boolean legacy) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> words = words(argument);
        if (legacy && !words.isEmpty() && !words.get(0).contains("=")) {
            String key = words.get(0);
            String rest = argument.strip().substring(argument.strip().indexOf(key) + key.length()).strip();
            pairs.put(key, unquote(rest));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("change argument \"" + argument + "\" must be KEY=VALUE pairs");
            }
            pairs.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return pairs;
    }

    /** Whitespace-separated words, quotes removed, backslash escapes kept as the escaped character. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String text) {
        List<String> words = words(text);
        return words.size() == 1 ? words.get(0) : text.strip();
    }
}
