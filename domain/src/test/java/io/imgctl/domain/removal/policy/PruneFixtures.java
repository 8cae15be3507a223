package io.imgctl.domain.removal.policy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.Kept;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.store.StoreSnapshot;
import io.imgctl.domain.store.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images and containers with chosen times, for prune tests. */
final class PruneFixtures {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final long MB = 1_000_000;

    private PruneFixtures() {
    }

    static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    static Image img(String key, Instant created, List<String> tags, Optional<ImageId> parent, Layer... layers) {
        long size = Arrays.stream(layers).mapToLong(Layer::size).sum();
        return new Image(TestStore.imageId(key), tags.stream().map(TestStore::ref).toList(), List.of(), created, size,
                parent, List.of(layers), ImageConfig.EMPTY);
    }

    static Image img(String key, List<String> tags, Layer... layers) {
        return img(key, ago(Duration.ofDays(400)), tags, Optional.empty(), layers);
    }

    static Container ctr(String name, Image image, ContainerState state, Instant created, Optional<Instant> started,
                         Optional<Instant> finished) {
        return new Container(TestStore.containerId(name), name, image.id().toString(), image.id(), List.of("sh"),
                state, 0, created, started, finished, 0);
    }

    static Container exited(String name, Image image, Instant finished) {
        return ctr(name, image, ContainerState.EXITED, finished.minusSeconds(60), Optional.of(finished.minusSeconds(30)),
                Optional.of(finished));
    }

    static Container running(String name, Image image, Instant started) {
        return ctr(name, image, ContainerState.RUNNING, started.minusSeconds(1), Optional.of(started), Optional.empty());
    }

    static StoreSnapshot store(List<Image> images, List<Container> containers) {
        return new StoreSnapshot(images, containers, NOW);
    }

    /** A ledger that saw every image pulled long ago (a year before NOW) and never used. */
    static Map<ImageId, UsageRecord> pulledLongAgo(List<Image> images) {
        return images.stream().collect(java.util.stream.Collectors.toMap(Image::id,
                i -> UsageRecord.firstSeen(ago(Duration.ofDays(365)))));
    }

    static RemovalPlan plan(StoreSnapshot s, PrunePolicy p, Map<ImageId, UsageRecord> ledger) {
        return new PrunePlanner().plan(s, p, ledger, NOW);
    }

    static List<ImageId> deleted(RemovalPlan plan) {
        return plan.actions().stream().filter(a -> a instanceof RemovalAction.DeleteImage)
                .map(a -> ((RemovalAction.DeleteImage) a).imageId()).toList();
    }

    static List<String> untagged(RemovalPlan plan) {
        return plan.actions().stream().filter(a -> a instanceof RemovalAction.Untag).map(RemovalAction::target).toList();
    }

    static List<String> removedContainers(RemovalPlan plan) {
        return plan.actions().stream().filter(a -> a instanceof RemovalAction.RemoveContainer)
                .map(RemovalAction::target).toList();
    }

    static String keptReason(RemovalPlan plan, Image image) {
        return plan.kept().stream().filter(k -> k.target().equals(image.id().toString())).map(Kept::reason)
                .findFirst().orElseThrow(() -> new AssertionError("not kept: " + image.id()));
    }

    static long bytesOf(RemovalPlan plan, Image image) {
        return plan.actions().stream().filter(a -> a instanceof RemovalAction.DeleteImage d && d.imageId().equals(image.id()))
                .mapToLong(RemovalAction::bytes).sum();
    }
}
