package io.imgctl.cli.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A named prune policy from the config file: {@code prune} options by their flag names, as typed
 * (already validated where a value can be checked without an engine).
 *
 * @param dangling            {@code "dangling": true}
 * @param unused              {@code "unused": true}
 * @param olderThan           {@code "older-than": "7d"}
 * @param ageBasis            {@code "age-basis": "created|pulled|last-used"}
 * @param keepLast            {@code "keep-last": 3}
 * @param keep                {@code "keep": ["nginx:*"]}
 * @param untilSize           {@code "until-size": "2GB"}
 * @param containersExitedFor {@code "containers-exited-for": "24h"}
 * @param minAge              {@code "min-age": "1h"}
 * @param filters             {@code "filter": ["reference=localhost:5000/*"]}
 */
public record PolicyOptions(boolean dangling, boolean unused, Optional<String> olderThan, Optional<String> ageBasis,
                            OptionalInt keepLast, List<String> keep, Optional<String> untilSize,
                            Optional<String> containersExitedFor, Optional<String> minAge, List<String> filters) {

    public PolicyOptions {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(ageBasis, "ageBasis");
        Objects.requireNonNull(keepLast, "keepLast");
        keep = List.copyOf(Objects.requireNonNull(keep, "keep"));
        Objects.requireNonNull(untilSize, "untilSize");
        Objects.requireNonNull(containersExitedFor, "containersExitedFor");
        Objects.requireNonNull(minAge, "minAge");
        filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
    }
}
