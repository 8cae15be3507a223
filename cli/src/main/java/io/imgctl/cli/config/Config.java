package io.imgctl.cli.config;

import io.imgctl.cli.engine.EngineChoice;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * imgctl's settings from {@code $XDG_CONFIG_HOME/imgctl/config.json}: defaults for the global options
 * and named prune policies. The command line wins over the environment, which wins over this file.
 *
 * @param location where the file is looked for
 * @param found    whether there is a file there (when not, every other field is empty)
 * @param engine   {@code "engine"}: a default {@code --engine}
 * @param host     {@code "host"}: a default {@code --host}, used unless the environment names the engine's endpoint
 * @param format   {@code "format"}: {@code table} or {@code json}, the default {@code --format}
 * @param policies {@code "policies"}: named prune policies for {@code prune --policy NAME}
 */
public record Config(Path location, boolean found, Optional<EngineChoice> engine, Optional<String> host,
                     Optional<String> format, Map<String, PolicyOptions> policies) {

    public Config {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(format, "format");
        policies = Map.copyOf(Objects.requireNonNull(policies, "policies"));
    }

    /** No file at {@code location}: every default is imgctl's own. */
    public static Config absent(Path location) {
        return new Config(location, false, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** The policy called {@code name}; bad input naming the file (and the policies it has) when there is none. */
    public PolicyOptions policy(String name) {
        PolicyOptions policy = policies.get(name);
        if (policy != null) {
            return policy;
        }
        String because;
        if (!found) {
            because = "there is no config file (" + location + " does not exist)";
        } else if (policies.isEmpty()) {
            because = location + " has no \"policies\"";
        } else {
            because = location + " has no policy of that name under \"policies\" (it has "
                    + String.join(", ", new TreeSet<>(policies.keySet())) + ")";
        }
        throw new ConfigException("Tried to use the prune policy \"" + name + "\" but failed because " + because);
    }
}
