package io.imgctl.domain.removal.policy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.Kept;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalAction.DeleteImage;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.removal.RemovalAction.Untag;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.store.StoreIndex;
import io.imgctl.domain.store.StoreSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code prune}: turns a {@link PrunePolicy} into one {@link RemovalPlan}, pure and deterministic.
 *
 * <ul>
 *   <li>Containers first: {@code --containers-exited-for} selects stopped containers (never-started
 *       ones by creation); an image whose only users are such containers is then unused.</li>
 *   <li>Images are the unit: an image either stays whole or all its tags go and then its data. Any
 *       container (any state) that stays keeps its image; child images that stay keep their parents.</li>
 *   <li>Each image is judged by every rule; a keep from any rule wins; it goes only when a selecting
 *       rule says remove. Selecting options narrow each other: each says keep for what it does not select.</li>
 *   <li>Children before parents; with {@code --until-size}, least recently used first, each image
 *       measured by the layers only it still holds, until the store is at most the target.</li>
 *   <li>Each layer's bytes are counted once, on the deletion that frees it; the plan's total is the drop in df.</li>
 * </ul>
 */
public final class PrunePlanner {

    /**
     * @param ledger what the host remembers per image (pulled / first seen, last used); an image
     *               missing from it counts as first seen {@code now}
     */
    public RemovalPlan plan(StoreSnapshot snapshot, PrunePolicy requested, Map<ImageId, UsageRecord> ledger, Instant now) {
        PrunePolicy policy = requested.effective();
        StoreIndex index = snapshot.index();
        List<Image> images = snapshot.images();
        ImageRules.Scope scope = ImageRules.Scope.of(policy.filters());
        ImageRules.KeepPatterns keep = ImageRules.KeepPatterns.of(policy.keep(), images);
        Map<ImageId, ImageUsage> usages = usages(index, ledger, now);

        // Containers.
        List<RemovalAction> containerRemovals = new ArrayList<>();
        Set<String> removedContainers = new HashSet<>();
        long containerBytes = 0;
        if (policy.containersExitedFor().isPresent()) {
            ContainerRules.ExitedFor rule = new ContainerRules.ExitedFor(policy.containersExitedFor().get());
            for (Container c : snapshot.containers().stream().sorted(Comparator.comparing(Container::created)
                    .thenComparing(Container::name).thenComparing(Container::id)).toList()) {
                if (!policy.filters().isEmpty()) {
                    Optional<Image> image = index.image(c.imageId());
                    if (image.isEmpty() || !scope.contains(image.get())) {
                        continue;
                    }
                }
                if (policy.minAge().isPresent()
                        && Duration.between(c.lastUsed(), now).compareTo(policy.minAge().get()) < 0) {
                    continue;
                }
                if (rule.judge(c, now) instanceof Verdict.Remove r) {
                    removedContainers.add(c.id());
                    containerRemovals.add(new RemoveContainer(c.id(), c.name(), c.imageId(), false, r.reason(), c.sizeRw()));
                    containerBytes += c.sizeRw();
                }
            }
        }

        // Image rules.
        List<ImageRule> rules = new ArrayList<>();
        rules.add(new ImageRules.InUse());
        rules.add(new ImageRules.HasChildren());
        rules.add(new ImageRules.PauseImages());
        if (!policy.filters().isEmpty()) {
            rules.add(scope);
        }
        if (!policy.keep().isEmpty()) {
            rules.add(keep);
        }
        policy.minAge().ifPresent(d -> rules.add(new ImageRules.MinAge(d, policy.ageBasis())));
        if (policy.dangling()) {
            rules.add(new ImageRules.Dangling());
        }
        if (policy.unused()) {
            rules.add(new ImageRules.Unused());
        }
        policy.olderThan().ifPresent(d -> rules.add(new ImageRules.OlderThan(d, policy.ageBasis())));
        if (policy.keepLast().isPresent()) {
            rules.add(ImageRules.KeepLast.rank(policy.keepLast().getAsInt(), policy.ageBasis(), images, usages));
        }
        boolean onlyUntilSize = policy.untilSize().isPresent() && !policy.dangling() && !policy.unused()
                && policy.olderThan().isEmpty() && policy.keepLast().isEmpty();

        // Order: children before parents; with --until-size least recently used first. The keys are
        // computed once per image, not once per comparison.
        Map<ImageId, Integer> depth = new HashMap<>();
        images.forEach(i -> depth(index, i, depth));
        boolean leastRecentlyUsedFirst = policy.untilSize().isPresent();
        List<Ordered> ordered = new ArrayList<>(images.size());
        for (Image i : images) {
            ordered.add(new Ordered(i, leastRecentlyUsedFirst ? usages.get(i.id()).at(policy.ageBasis()) : i.created(),
                    depth.get(i.id())));
        }
        ordered.sort(leastRecentlyUsedFirst ? Ordered.LEAST_RECENTLY_USED_FIRST : Ordered.CHILDREN_FIRST);

        Session session = new Session(index);
        long store = leastRecentlyUsedFirst ? storeBytes(index) : 0;
        long target = policy.untilSize().map(t -> t.bytes(store)).orElse(Long.MIN_VALUE);
        List<RemovalAction> untags = new ArrayList<>();
        List<RemovalAction> deletions = new ArrayList<>();
        Map<ImageId, Kept> kept = new HashMap<>();
        for (Ordered next : ordered) {
            Image image = next.image();
            List<Container> users = index.containersUsing(image.id());
            if (!removedContainers.isEmpty() && !users.isEmpty()) {
                users = users.stream().filter(c -> !removedContainers.contains(c.id())).toList();
            }
            Candidate candidate = new Candidate(image, usages.get(image.id()), users,
                    session.remainingChildren(image), now);
            List<Verdict> verdicts = new ArrayList<>();
            for (ImageRule rule : rules) {
                verdicts.add(rule.judge(candidate));
            }
            if (onlyUntilSize) {
                verdicts.add(Verdict.remove("least recently used (" + policy.ageBasis().describe() + " "
                        + Ages.format(candidate.age(policy.ageBasis())) + " ago)"));
            }
            Verdict verdict = ImageRules.combine(verdicts);
            if (verdict instanceof Verdict.Remove && policy.untilSize().isPresent()) {
                long storeNow = store - session.reclaimed;
                verdict = storeNow <= target
                        ? Verdict.keep("store is at most --until-size " + policy.untilSize().get().shown()
                        + " without it (" + storeNow + " of " + target + " bytes)")
                        : Verdict.remove(((Verdict.Remove) verdict).reason() + "; store " + storeNow + " bytes is above --until-size "
                        + policy.untilSize().get().shown() + " (" + target + " bytes)");
            }
            if (verdict instanceof Verdict.Remove r) {
                for (ImageReference tag : image.tags()) {
                    untags.add(new Untag(tag, image.id(), "image " + image.id().shortId() + " is removed"));
                }
                long bytes = session.delete(image);
                deletions.add(new DeleteImage(image.id(), Set.of(), Set.of(), false,
                        (image.tags().isEmpty() ? "" : ImageRules.describe(image) + ": ") + r.reason(), bytes));
            } else {
                String reason = verdict instanceof Verdict.Keep k ? k.reason() : "no rule selects it";
                kept.put(image.id(), new Kept(image.id().toString(),
                        (image.tags().isEmpty() ? "" : ImageRules.describe(image) + ": ") + reason));
            }
        }
        List<RemovalAction> actions = new ArrayList<>(containerRemovals);
        actions.addAll(untags);
        actions.addAll(deletions);
        List<Kept> keptList = images.stream().filter(i -> kept.containsKey(i.id())).map(i -> kept.get(i.id())).toList();
        return new RemovalPlan(actions, keptList, List.of(), containerBytes + session.reclaimed);
    }

    /** The bytes of the store as df counts them: each distinct layer once, plus images listed without layers. */
    static long storeBytes(StoreIndex index) {
        long total = 0;
        Set<Digest> seen = new HashSet<>();
        for (Image image : index.snapshot().images()) {
            if (image.layers().isEmpty()) {
                total += image.size();
                continue;
            }
            for (Layer layer : index.distinctLayers(image)) {
                if (seen.add(layer.diffId())) {
                    total += index.layerSize(layer.diffId());
                }
            }
        }
        return total;
    }

    /** Created from the image; pulled from the ledger (now when unknown); last used from containers and ledger, raised to descendants'. */
    static Map<ImageId, ImageUsage> usages(StoreIndex index, Map<ImageId, UsageRecord> ledger, Instant now) {
        Map<ImageId, Optional<Instant>> ownUse = new HashMap<>();
        for (Image image : index.snapshot().images()) {
            Optional<Instant> used = Optional.ofNullable(ledger.get(image.id())).flatMap(UsageRecord::lastUsed);
            for (Container c : index.containersUsing(image.id())) {
                if (used.isEmpty() || c.lastUsed().isAfter(used.get())) {
                    used = Optional.of(c.lastUsed());
                }
            }
            ownUse.put(image.id(), used);
        }
        Map<ImageId, ImageUsage> usages = new HashMap<>();
        Map<ImageId, Optional<Instant>> memo = new HashMap<>();
        for (Image image : index.snapshot().images()) {
            UsageRecord record = ledger.get(image.id());
            Instant pulled = record == null ? now : record.pulled();
            usages.put(image.id(), new ImageUsage(image.id(), image.created(), pulled,
                    descendantsUse(index, image, ownUse, memo)));
        }
        return usages;
    }

    private static Optional<Instant> descendantsUse(StoreIndex index, Image image, Map<ImageId, Optional<Instant>> own,
                                                   Map<ImageId, Optional<Instant>> memo) {
        Optional<Instant> cached = memo.get(image.id());
        if (cached != null) {
            return cached;
        }
        memo.put(image.id(), own.getOrDefault(image.id(), Optional.empty())); // guards against cycles
        Optional<Instant> best = own.getOrDefault(image.id(), Optional.empty());
        for (Image child : index.children(image.id())) {
            Optional<Instant> c = descendantsUse(index, child, own, memo);
            if (c.isPresent() && (best.isEmpty() || c.get().isAfter(best.get()))) {
                best = c;
            }
        }
        memo.put(image.id(), best);
        return best;
    }

    private static int depth(StoreIndex index, Image image, Map<ImageId, Integer> depth) {
        Integer known = depth.get(image.id());
        if (known != null) {
            return known;
        }
        depth.put(image.id(), 0); // guards against cycles
        int d = image.parent().flatMap(index::image).map(p -> depth(index, p, depth) + 1).orElse(0);
        depth.put(image.id(), d);
        return d;
    }

    /** An image with its sort keys: the basis moment (with --until-size) and its depth below its ancestors. */
    private record Ordered(Image image, Instant at, int depth) {

        /** Deepest first (children before parents), then older, then by name and ID as listings order them. */
        static final Comparator<Ordered> CHILDREN_FIRST = (x, y) -> {
            int c = Integer.compare(y.depth, x.depth);
            if (c != 0) {
                return c;
            }
            c = x.image.created().compareTo(y.image.created());
            return c != 0 ? c : Image.NEWEST_FIRST.compare(x.image, y.image);
        };

        /** Least recently used first (by the basis), then as {@link #CHILDREN_FIRST}. */
        static final Comparator<Ordered> LEAST_RECENTLY_USED_FIRST = (x, y) -> {
            int c = x.at.compareTo(y.at);
            return c != 0 ? c : CHILDREN_FIRST.compare(x, y);
        };
    }

    /** The working copy: deleted children per parent and holders left per layer. */
    private static final class Session {
        private final StoreIndex index;
        private final Map<ImageId, Integer> deletedChildren = new HashMap<>();
        private final Map<Digest, Integer> holdersLeft = new HashMap<>();
        long reclaimed;

        Session(StoreIndex index) {
            this.index = index;
        }

        int remainingChildren(Image image) {
            return index.children(image.id()).size() - deletedChildren.getOrDefault(image.id(), 0);
        }

        long delete(Image image) {
            image.parent().ifPresent(p -> deletedChildren.merge(p, 1, Integer::sum));
            long bytes = 0;
            if (image.layers().isEmpty()) {
                bytes = image.size();
            } else {
                for (Layer layer : index.distinctLayers(image)) {
                    Digest diffId = layer.diffId();
                    Integer before = holdersLeft.get(diffId);
                    int left = (before == null ? index.holderCount(diffId) : before) - 1;
                    holdersLeft.put(diffId, left);
                    if (left == 0) {
                        bytes += index.layerSize(diffId);
                    }
                }
            }
            reclaimed += bytes;
            return bytes;
        }
    }
}
