package io.imgctl.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imgctl.cli.engine.EngineChoice;
import io.imgctl.domain.removal.policy.AgeBasis;
import io.imgctl.domain.removal.policy.Ages;
import io.imgctl.domain.removal.policy.ImageRules;
import io.imgctl.domain.removal.policy.InvalidPolicyException;
import io.imgctl.domain.removal.policy.SizeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Finds and reads the config file. Every problem is one {@link ConfigException} line naming the file
 * and the key ({@code "policies.nightly.older-than"}); an unknown key is an error too, so a typo never
 * silently does nothing.
 *
 * <pre>
 * {
 *   "engine": "docker",
 *   "host": "unix:///var/run/docker.sock",
 *   "format": "table",
 *   "resident": true,
 *   "policies": {
 *     "nightly": {"unused": true, "older-than": "7d", "keep": ["nginx:*"], "min-age": "1h"}
 *   }
 * }
 * </pre>
 */
public final class ConfigFile {

    static final Set<String> KEYS = Set.of("engine", "host", "format", "resident", "policies");
    static final Set<String> POLICY_KEYS = Set.of("dangling", "unused", "older-than", "age-basis", "keep-last", "keep",
            "until-size", "containers-exited-for", "min-age", "filter");

    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[a-f0-9]{12,64}");

    /** Made on first use: most runs have no config file, and building an ObjectMapper loads hundreds of classes. */
    private static final class Parser {
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private final Path file;

    private ConfigFile(Path file) {
        this.file = file;
    }

    /**
     * {@code $XDG_CONFIG_HOME/imgctl/config.json} when {@code XDG_CONFIG_HOME} is an absolute path (the XDG
     * spec ignores a relative one), else {@code $HOME/.config/imgctl/config.json}.
     */
    public static Path locate(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            try {
                Path dir = Path.of(xdg);
                if (dir.isAbsolute()) {
                    return dir.resolve("imgctl").resolve("config.json");
                }
            } catch (InvalidPathException e) {
                // Not a path: ignored, as a relative one is.
            }
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".config", "imgctl", "config.json");
    }

    /** The settings in {@code file}; {@link Config#absent} when there is no such file. */
    public static Config load(Path file) {
        return new ConfigFile(file).read();
    }

    private Config read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            Path toml = file.resolveSibling("config.toml");
            if (Files.exists(toml)) {
                throw new ConfigException("Tried to read the config file " + toml + " but failed because imgctl reads"
                        + " only JSON: write the same settings to " + file);
            }
            return Config.absent(file);
        } catch (IOException e) {
            throw new ConfigException("Tried to read the config file " + file + " but failed because "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        JsonNode root;
        try {
            root = Parser.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw fail("it is not valid JSON: " + firstLine(e.getOriginalMessage()) + where);
        } catch (IOException e) {
            throw fail("it could not be parsed: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw fail("it must hold one JSON object, e.g. {\"engine\": \"docker\"}");
        }
        knownKeys(root, "", KEYS);
        Optional<EngineChoice> engine = text(root, "engine").map(v -> engine("engine", v));
        Optional<String> host = text(root, "host").map(v -> host("host", v));
        Optional<String> format = text(root, "format").map(v -> format("format", v));
        // The launcher reads "resident" itself (false: no resident server starts or serves); checked here
        // so that a wrong value is an error instead of silently meaning true.
        flag(root, "", "resident");
        Map<String, PolicyOptions> policies = new LinkedHashMap<>();
        JsonNode policiesNode = root.get("policies");
        if (policiesNode != null) {
            if (!policiesNode.isObject()) {
                throw bad("policies", "must be an object of named policies, e.g. {\"nightly\": {\"unused\": true}}, not "
                        + kind(policiesNode));
            }
            Iterator<Map.Entry<String, JsonNode>> named = policiesNode.fields();
            while (named.hasNext()) {
                Map.Entry<String, JsonNode> e = named.next();
                String key = "policies." + e.getKey();
                if (e.getKey().isBlank()) {
                    throw bad(key, "a policy needs a name");
                }
                policies.put(e.getKey(), policy(key, e.getValue()));
            }
        }
        return new Config(file, true, engine, host, format, policies);
    }

    private PolicyOptions policy(String key, JsonNode node) {
        if (!node.isObject()) {
            throw bad(key, "must be an object of prune options, e.g. {\"unused\": true, \"older-than\": \"7d\"}, not "
                    + kind(node));
        }
        knownKeys(node, key + ".", POLICY_KEYS);
        String k = key + ".";
        Optional<String> olderThan = text(node, k, "older-than").map(v -> check(k + "older-than", v, Ages::parse));
        Optional<String> ageBasis = text(node, k, "age-basis").map(v -> check(k + "age-basis", v, ConfigFile::ageBasis));
        Optional<String> untilSize = text(node, k, "until-size").map(v -> check(k + "until-size", v, SizeTarget::parse));
        Optional<String> exitedFor = text(node, k, "containers-exited-for")
                .map(v -> check(k + "containers-exited-for", v, Ages::parse));
        Optional<String> minAge = text(node, k, "min-age").map(v -> check(k + "min-age", v, Ages::parse));
        List<String> keep = texts(node, k, "keep");
        keep.forEach(p -> check(k + "keep", p, ConfigFile::keepPattern));
        List<String> filters = texts(node, k, "filter");
        check(k + "filter", filters, ImageRules.Scope::of);
        return new PolicyOptions(flag(node, k, "dangling"), flag(node, k, "unused"), olderThan, ageBasis,
                count(node, k, "keep-last"), keep, untilSize, exitedFor, minAge, filters);
    }

    private void knownKeys(JsonNode object, String prefix, Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad(prefix + name, "is not a setting imgctl knows (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    private Optional<String> text(JsonNode object, String name) {
        return text(object, "", name);
    }

    private Optional<String> text(JsonNode object, String prefix, String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad(prefix + name, "must be a string, not " + kind(v));
        }
        if (v.asText().isBlank()) {
            throw bad(prefix + name, "is empty");
        }
        return Optional.of(v.asText().trim());
    }

    /** A string or an array of strings. */
    private List<String> texts(JsonNode object, String prefix, String name) {
        JsonNode v = object.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw bad(prefix + name, "must be a string or an array of strings, but holds " + kind(item));
                }
                out.add(item.asText());
            }
        } else {
            throw bad(prefix + name, "must be a string or an array of strings, not " + kind(v));
        }
        return out;
    }

    private boolean flag(JsonNode object, String prefix, String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw bad(prefix + name, "must be true or false, not " + kind(v));
        }
        return v.asBoolean();
    }

    private OptionalInt count(JsonNode object, String prefix, String name) {
        JsonNode v = object.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw bad(prefix + name, "must be a whole number, 0 or more, not " + (v.isNumber() ? v.toString() : kind(v)));
        }
        return OptionalInt.of(v.asInt());
    }

    private EngineChoice engine(String key, String value) {
        try {
            return EngineChoice.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(key, "is \"" + value + "\": expected auto, docker, podman or fake");
        }
    }

    private String host(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("unix:///") || lower.startsWith("tcp://")) || lower.equals("tcp://")) {
            throw bad(key, "is \"" + value + "\": expected unix:///path/to/socket or tcp://host:port");
        }
        return value;
    }

    private String format(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("table") && !lower.equals("json")) {
            throw bad(key, "is \"" + value + "\": expected table or json");
        }
        return lower;
    }

    private static void ageBasis(String value) {
        if (AgeBasis.parse(value) == AgeBasis.PULLED_OR_USED) {
            throw new InvalidPolicyException(value, "invalid age basis \"" + value + "\": use created, pulled or last-used");
        }
    }

    private static void keepPattern(String pattern) {
        // An image ID can only be checked against the images there are: the plan does that.
        if (!IMAGE_ID.matcher(pattern).matches()) {
            ImageRules.KeepPatterns.of(List.of(pattern), List.of());
        }
    }

    private <T> T check(String key, T value, Consumer<T> validator) {
        try {
            validator.accept(value);
            return value;
        } catch (InvalidPolicyException e) {
            throw fail("\"" + key + "\": " + firstLine(e.getMessage()));
        }
    }

    private ConfigException bad(String key, String problem) {
        return fail("\"" + key + "\" " + problem);
    }

    private ConfigException fail(String because) {
        return new ConfigException("Tried to read the config file " + file + " but failed because " + because);
    }

    private static String kind(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "true/false";
        }
        if (v.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
