package io.imgctl.application.service;

import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.domain.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of {@code images}, parsed and checked before any engine call; the {@code REPO[:TAG]}
 * argument is one more {@code reference} pattern. Within one key, {@code reference} values match when
 * any matches and {@code label} values only when all match, as Docker does; {@code before} and
 * {@code since} keep their last value.
 */
record ImageFilters(List<String> references, Optional<Boolean> dangling, List<Label> labels,
                    Optional<String> before, Optional<String> since) {

    private static final Set<String> KEYS = Set.of("reference", "dangling", "label", "before", "since");
    private static final ImageReference PROBE = ImageReference.parse("probe");

    /** {@code label=K} (value empty: any value) or {@code label=K=V}. */
    record Label(String key, Optional<String> value) {
        boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return actual != null && value.map(actual::equals).orElse(true);
        }
    }

    static ImageFilters parse(ListImagesQuery query) {
        List<String> references = new ArrayList<>();
        query.repository().ifPresent(r -> references.add(pattern(r)));
        Optional<Boolean> dangling = Optional.empty();
        List<Label> labels = new ArrayList<>();
        Optional<String> before = Optional.empty();
        Optional<String> since = Optional.empty();
        for (String filter : query.filters()) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException(filter, "Tried to read the filter " + filter
                        + " but failed because it is not of the form key=value");
            }
            String key = filter.substring(0, eq);
            String value = filter.substring(eq + 1);
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(filter, "Tried to read the filter " + filter
                        + " but failed because " + key + " is not one of: before, dangling, label, reference, since");
            }
            if (value.isEmpty()) {
                throw new InvalidInputException(filter, "Tried to read the filter " + filter
                        + " but failed because its value is empty");
            }
            switch (key) {
                case "reference" -> references.add(pattern(value));
                case "dangling" -> {
                    boolean wanted = switch (value) {
                        case "true", "1" -> true;
                        case "false", "0" -> false;
                        default -> throw new InvalidInputException(filter, "Tried to read the filter " + filter
                                + " but failed because dangling takes true or false");
                    };
                    if (dangling.isPresent() && dangling.get() != wanted) {
                        throw new InvalidInputException(filter, "Tried to read the filter " + filter
                                + " but failed because dangling is already given as " + dangling.get());
                    }
                    dangling = Optional.of(wanted);
                }
                case "label" -> {
                    int kv = value.indexOf('=');
                    labels.add(kv < 0 ? new Label(value, Optional.empty())
                            : new Label(value.substring(0, kv), Optional.of(value.substring(kv + 1))));
                }
                case "before" -> before = Optional.of(value);
                case "since" -> since = Optional.of(value);
                default -> throw new IllegalStateException(key);
            }
        }
        before.ifPresent(Arguments::imageArgument);
        since.ifPresent(Arguments::imageArgument);
        return new ImageFilters(List.copyOf(references), dangling, List.copyOf(labels), before, since);
    }

    /** Whether a tag matches any reference pattern, as Docker's {@code FamiliarMatch} decides. */
    boolean matchesReference(ImageReference tag) {
        return references.stream().anyMatch(tag::familiarMatch);
    }

    /** Checks a shell pattern up front, so that a malformed one fails before any engine call. */
    private static String pattern(String pattern) {
        try {
            PROBE.familiarMatch(pattern);
            return pattern;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(pattern, "Tried to match images against " + pattern
                    + " but failed because it is not a valid pattern (" + e.getMessage() + ")");
        }
    }
}
