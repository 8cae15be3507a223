package io.imgctl.domain.removal.policy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules of SPEC section 5, each a small named policy. */
public final class ImageRules {

    private ImageRules() {
    }

    static String describe(Image image) {
        return image.tags().isEmpty() ? image.id().shortId()
                : image.tags().stream().map(ImageReference::familiar).collect(Collectors.joining(", "));
    }

    static String users(List<Container> users) {
        return (users.size() == 1 ? "container " : "containers ") + users.stream()
                .map(c -> c.shortId() + " (" + c.name() + ", " + c.state().wireName() + ")")
                .collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------ selecting rules

    /** {@code --dangling}: untagged images with no child images. */
    public record Dangling() implements ImageRule {
        @Override
        public String name() {
            return "--dangling";
        }

        @Override
        public Verdict judge(Candidate c) {
            if (!c.image().isUntagged()) {
                return Verdict.keep("tagged: --dangling removes only untagged images");
            }
            if (c.remainingChildren() > 0) {
                return Verdict.keep("untagged but has dependent child images: not dangling");
            }
            return Verdict.remove("dangling: untagged, no child images");
        }
    }

    /** {@code --unused}: images no container uses, in any state. */
    public record Unused() implements ImageRule {
        @Override
        public String name() {
            return "--unused";
        }

        @Override
        public Verdict judge(Candidate c) {
            return c.users().isEmpty() ? Verdict.remove("unused: no container uses it")
                    : Verdict.keep("in use by " + users(c.users()));
        }
    }

    /** {@code --older-than D}: images whose age by the basis is at least D. */
    public record OlderThan(Duration max, AgeBasis basis) implements ImageRule {
        public OlderThan {
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(basis, "basis");
        }

        @Override
        public String name() {
            return "--older-than";
        }

        @Override
        public Verdict judge(Candidate c) {
            Duration age = c.age(basis);
            String when = basis.describe() + " " + Ages.format(age) + " ago";
            return age.compareTo(max) >= 0
                    ? Verdict.remove(when + ", older than --older-than " + Ages.format(max))
                    : Verdict.keep(when + ", younger than --older-than " + Ages.format(max));
        }
    }

    /**
     * {@code --keep-last N}: in each repository the N newest images by the basis stay; an image
     * that is among the newest of any of its repositories stays.
     */
    public record KeepLast(int n, AgeBasis basis, Map<ImageId, String> newest) implements ImageRule {
        public KeepLast {
            if (n < 0) {
                throw new IllegalArgumentException("--keep-last must not be negative: " + n);
            }
            Objects.requireNonNull(basis, "basis");
            newest = Map.copyOf(newest);
        }

        /** Ranks the images of each repository, newest first (ties: as listings order them, {@link Image#NEWEST_FIRST}). */
        public static KeepLast rank(int n, AgeBasis basis, List<Image> images, Map<ImageId, ImageUsage> usages) {
            Map<String, List<Image>> byRepository = new HashMap<>(); // by familiar name, unique per repository
            for (Image image : images) {
                List<ImageReference> tags = image.tags();
                for (int t = 0; t < tags.size(); t++) {
                    String repo = tags.get(t).familiarName();
                    List<Image> members = byRepository.computeIfAbsent(repo, k -> new ArrayList<>());
                    if (members.isEmpty() || members.get(members.size() - 1) != image) { // two tags, one repository
                        members.add(image);
                    }
                }
            }
            Map<ImageId, Instant> at = new HashMap<>();
            images.forEach(i -> at.put(i.id(), usages.get(i.id()).at(basis)));
            Comparator<Image> newestFirst = (x, y) -> {
                int c = at.get(y.id()).compareTo(at.get(x.id()));
                if (c != 0) {
                    return c;
                }
                return Image.NEWEST_FIRST.compare(x, y);
            };
            Map<ImageId, String> newest = new HashMap<>();
            for (Map.Entry<String, List<Image>> repo : byRepository.entrySet()) {
                List<Image> sorted = repo.getValue();
                sorted.sort(newestFirst);
                for (int i = 0; i < Math.min(n, sorted.size()); i++) {
                    newest.merge(sorted.get(i).id(), repo.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
            return new KeepLast(n, basis, newest);
        }

        @Override
        public String name() {
            return "--keep-last";
        }

        @Override
        public Verdict judge(Candidate c) {
            if (c.image().isUntagged()) {
                return Verdict.keep("untagged: --keep-last ranks the images of a repository");
            }
            String repo = newest.get(c.image().id());
            if (repo != null) {
                return Verdict.keep("--keep-last " + n + ": among the " + n + " newest of " + repo
                        + " (by " + basis.describe() + ")");
            }
            return Verdict.remove("--keep-last " + n + ": not among the " + n + " newest of its repositories (by "
                    + basis.describe() + ")");
        }
    }

    // ------------------------------------------------------------ protecting rules

    /** Images that containers use (those the plan does not remove) are kept whole. */
    public record InUse() implements ImageRule {
        @Override
        public String name() {
            return "in use";
        }

        @Override
        public Verdict judge(Candidate c) {
            return c.users().isEmpty() ? Verdict.ABSTAIN : Verdict.keep("in use by " + users(c.users()));
        }
    }

    /** Images with child images that stay are kept: children go before parents. */
    public record HasChildren() implements ImageRule {
        @Override
        public String name() {
            return "children";
        }

        @Override
        public Verdict judge(Candidate c) {
            return c.remainingChildren() == 0 ? Verdict.ABSTAIN
                    : Verdict.keep("has " + c.remainingChildren() + " dependent child image"
                    + (c.remainingChildren() == 1 ? "" : "s") + " that stay");
        }
    }

    /** Podman's pause images are always kept. */
    public record PauseImages() implements ImageRule {
        static final Set<String> REPOSITORIES = Set.of(
                "k8s.gcr.io/pause", "registry.k8s.io/pause", "localhost/podman-pause");

        @Override
        public String name() {
            return "pause";
        }

        @Override
        public Verdict judge(Candidate c) {
            for (ImageReference tag : c.image().tags()) {
                if (REPOSITORIES.contains(tag.name())) {
                    return Verdict.keep("pause image " + tag.familiar() + ": always kept");
                }
            }
            return Verdict.ABSTAIN;
        }
    }

    /** {@code --min-age D}: nothing younger than D by the basis is touched. */
    public record MinAge(Duration min, AgeBasis basis) implements ImageRule {
        public MinAge {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(basis, "basis");
        }

        @Override
        public String name() {
            return "--min-age";
        }

        @Override
        public Verdict judge(Candidate c) {
            Duration age = c.age(basis);
            return age.compareTo(min) < 0
                    ? Verdict.keep(basis.describe() + " " + Ages.format(age) + " ago, within --min-age " + Ages.format(min))
                    : Verdict.ABSTAIN;
        }
    }

    /**
     * {@code --keep PATTERN}: images any of whose tags matches a reference glob (Docker's
     * {@code FamiliarMatch}), or whose ID starts with an ID given as {@code sha256:HEX} or 12 to 64
     * hex characters. A malformed pattern, or an ID that matches no image, fails the plan.
     */
    public record KeepPatterns(List<String> patterns) implements ImageRule {

        private static final Pattern ID = Pattern.compile("(sha256:)?[a-f0-9]{12,64}");
        private static final ImageReference PROBE = ImageReference.parse("localhost/probe/name:tag");

        public KeepPatterns {
            patterns = List.copyOf(patterns);
        }

        /** Validates every pattern against the images of the store; fails closed. */
        public static KeepPatterns of(List<String> patterns, List<Image> images) {
            for (String pattern : patterns) {
                if (pattern.isBlank()) {
                    throw new InvalidPolicyException(pattern, "invalid --keep pattern \"\": it is empty");
                }
                if (isId(pattern)) {
                    String hex = pattern.startsWith("sha256:") ? pattern.substring(7) : pattern;
                    if (images.stream().noneMatch(i -> i.id().hex().startsWith(hex))) {
                        throw new InvalidPolicyException(pattern, "invalid --keep \"" + pattern
                                + "\": no image ID starts with it");
                    }
                    continue;
                }
                try {
                    PROBE.familiarMatch(pattern);
                } catch (IllegalArgumentException e) {
                    throw new InvalidPolicyException(pattern, "invalid --keep pattern \"" + pattern + "\": "
                            + e.getMessage());
                }
            }
            return new KeepPatterns(patterns);
        }

        private static boolean isId(String pattern) {
            return ID.matcher(pattern).matches();
        }

        @Override
        public String name() {
            return "--keep";
        }

        @Override
        public Verdict judge(Candidate c) {
            for (String pattern : patterns) {
                if (isId(pattern)) {
                    String hex = pattern.startsWith("sha256:") ? pattern.substring(7) : pattern;
                    if (c.image().id().hex().startsWith(hex)) {
                        return Verdict.keep("--keep " + pattern + " matches its ID");
                    }
                    continue;
                }
                for (ImageReference tag : c.image().tags()) {
                    if (tag.familiarMatch(pattern)) {
                        return Verdict.keep("--keep " + pattern + " matches " + tag.familiar());
                    }
                }
            }
            return Verdict.ABSTAIN;
        }
    }

    /**
     * {@code --filter reference=PATTERN} / {@code label=KEY[=VALUE]}: prune only within a scope;
     * everything outside it is kept. Filters with the same key are alternatives; different keys must all match.
     */
    public record Scope(List<String> filters) implements ImageRule {

        public Scope {
            filters = List.copyOf(filters);
        }

        /** Validates the filters. */
        public static Scope of(List<String> filters) {
            for (String f : filters) {
                int eq = f.indexOf('=');
                String key = eq < 0 ? f : f.substring(0, eq);
                if (eq < 0 || !(key.equals("reference") || key.equals("label")) || eq == f.length() - 1) {
                    throw new InvalidPolicyException(f, "invalid --filter \"" + f
                            + "\": use reference=PATTERN or label=KEY[=VALUE]");
                }
                if (key.equals("reference")) {
                    try {
                        KeepPatterns.PROBE.familiarMatch(f.substring(eq + 1));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidPolicyException(f, "invalid --filter \"" + f + "\": " + e.getMessage());
                    }
                }
            }
            return new Scope(filters);
        }

        @Override
        public String name() {
            return "--filter";
        }

        /** Whether the image is within every filter key given. */
        public boolean contains(Image image) {
            Map<String, List<String>> byKey = new HashMap<>();
            for (String f : filters) {
                int eq = f.indexOf('=');
                byKey.computeIfAbsent(f.substring(0, eq), k -> new ArrayList<>()).add(f.substring(eq + 1));
            }
            for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
                boolean any = false;
                for (String value : e.getValue()) {
                    if (e.getKey().equals("reference")) {
                        any |= image.tags().stream().anyMatch(t -> t.familiarMatch(value));
                    } else {
                        int eq = value.indexOf('=');
                        Map<String, String> labels = image.config().labels();
                        any |= eq < 0 ? labels.containsKey(value)
                                : value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Verdict judge(Candidate c) {
            return contains(c.image()) ? Verdict.ABSTAIN
                    : Verdict.keep("outside --filter " + String.join(" ", filters));
        }
    }

    /** Combines verdicts: any keep wins; else remove when any rule says remove; else abstain. */
    public static Verdict combine(List<Verdict> verdicts) {
        List<String> keeps = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v instanceof Verdict.Keep k) {
                if (!keeps.contains(k.reason())) {
                    keeps.add(k.reason());
                }
            } else if (v instanceof Verdict.Remove r) {
                removes.add(r.reason());
            }
        }
        if (!keeps.isEmpty()) {
            return Verdict.keep(String.join("; ", keeps));
        }
        if (!removes.isEmpty()) {
            return Verdict.remove(String.join("; ", removes));
        }
        return Verdict.ABSTAIN;
    }
}
