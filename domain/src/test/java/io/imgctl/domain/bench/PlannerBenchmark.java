package io.imgctl.domain.bench;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.Layer;
import io.imgctl.domain.removal.EngineBehaviour;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalRequest;
import io.imgctl.domain.removal.policy.PrunePlanner;
import io.imgctl.domain.removal.policy.PrunePolicy;
import io.imgctl.domain.removal.policy.SizeTarget;
import io.imgctl.domain.removal.policy.UsageRecord;
import io.imgctl.domain.store.DiskUsage;
import io.imgctl.domain.store.StoreIndex;
import io.imgctl.domain.store.StoreSnapshot;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times the removal planner, the prune (policy) planner and {@code df} over synthetic stores of
 * 10,000 images, 50,000 layers and 20,000 containers (times a scale factor), to show that planning
 * stays well under 100 ms and grows linearly with the store. Not a test: run it with
 * {@code scripts/bench-planner.sh [scale...]}.
 *
 * <p>Each measured operation is run {@code WARMUP} times, then {@code RUNS} times; printed are the
 * median, fastest and 90th-percentile wall-clock time, the median CPU time of the calling thread (robust
 * when other processes compete for the CPUs), the bytes allocated per run, the GCs during the measured
 * runs and the peak heap use (sum of the heap pools' peaks). Also printed: the heap the snapshot itself
 * occupies and the heap an index retains.
 */
public final class PlannerBenchmark {

    private static final int WARMUP = 15;
    private static final int RUNS = 31;
    private static final int IMAGES = 10_000;
    private static final int LAYERS = 50_000;
    private static final int CONTAINERS = 20_000;
    private static final int TARGETS = 1_000;

    private PlannerBenchmark() {
    }

    public static void main(String[] args) {
        int[] scales = args.length == 0 ? new int[] {1, 2, 4} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "Java %s, %d CPUs (load average %.1f), max heap %d MB; warm-up %d, measured %d runs each%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().maxMemory() >> 20, WARMUP, RUNS);
        System.out.printf(Locale.ROOT, "%-5s %-46s %9s %9s %9s %9s %11s %5s %9s%n", "scale",
                "operation", "median", "min", "p90", "cpu med", "alloc/run", "GCs", "peakHeap");
        for (int scale : scales) {
            run(scale);
        }
    }

    private static void run(int scale) {
        gc();
        long heapBefore = heapUsed();
        StoreSnapshot snapshot = synthetic(scale, new Random(42));
        gc();
        long snapshotHeap = heapUsed() - heapBefore;
        long layerRefs = snapshot.images().stream().mapToLong(i -> i.layers().size()).sum();
        String store = String.format(Locale.ROOT, "%dk img %dk lay %dk ctr", snapshot.images().size() / 1000,
                LAYERS * scale / 1000, snapshot.containers().size() / 1000);
        gc();
        long beforeIndex = heapUsed();
        StoreIndex index = snapshot.index();
        gc();
        long indexHeap = heapUsed() - beforeIndex;
        System.out.printf(Locale.ROOT, "%-5s %s: %,d layer references; snapshot %,d MB, index retains %,d MB of heap%n",
                scale + "x", store, layerRefs, snapshotHeap >> 20, indexHeap >> 20);

        List<String> targets = targets(snapshot, scale * TARGETS, new Random(7));
        RemovalRequest cascade = new RemovalRequest(targets, true, true);
        RemovalRequest forceOnly = new RemovalRequest(targets, true, false);
        RemovalRequest single = new RemovalRequest(targets.subList(0, 1), false, false);
        RemovalPlanner docker = new RemovalPlanner(EngineBehaviour.DOCKER);
        RemovalPlanner podman = new RemovalPlanner(EngineBehaviour.PODMAN);

        RemovalPlan sample = docker.planImages(snapshot, cascade);
        System.out.printf(Locale.ROOT, "%-5s plan for %,d targets: %,d actions, %,d kept, %,d refused, %,d MB reclaimed%n",
                "", targets.size(), sample.actions().size(), sample.kept().size(), sample.refusals().size(),
                sample.reclaimedBytes() / 1_000_000);

        measure(scale, "index build (snapshot.index())", snapshot::index);
        measure(scale, "rmi 1 ID prefix, index included", () -> docker.planImages(snapshot, single));
        measure(scale, "rm 1 name, index included", () -> docker.planContainers(snapshot, List.of("ctr_7"), true));
        measure(scale, "rmi " + targets.size() + " -f --with-containers, incl. index",
                () -> docker.planImages(snapshot, cascade));
        measure(scale, "rmi " + targets.size() + " -f --with-containers, prebuilt",
                () -> docker.planImages(index, cascade));
        measure(scale, "rmi " + targets.size() + " -f (podman), incl. index",
                () -> podman.planImages(snapshot, forceOnly));
        measure(scale, "df (DiskUsage.of), index included", () -> DiskUsage.of(snapshot));

        // prune: the policy planner over the same store, with a usage ledger for every image.
        Instant now = snapshot.takenAt().plus(Duration.ofDays(120));
        Map<ImageId, UsageRecord> ledger = ledger(snapshot, now, new Random(11));
        PrunePlanner pruner = new PrunePlanner();
        PrunePolicy unusedOld = PrunePolicy.defaults().withUnused().withOlderThan(Duration.ofDays(30));
        PrunePolicy everyRule = PrunePolicy.defaults().withUnused().withOlderThan(Duration.ofDays(30))
                .withKeepLast(3).withKeep("localhost:5000/app1*", "localhost:5000/mirror/*:v1*")
                .withMinAge(Duration.ofHours(1)).withContainersExitedFor(Duration.ofDays(60))
                .withUntilSize(SizeTarget.parse("80%"));
        PrunePolicy lruOnly = PrunePolicy.defaults().withUntilSize(SizeTarget.parse("50%"));
        for (PrunePolicy policy : List.of(unusedOld, everyRule, lruOnly)) {
            RemovalPlan plan = pruner.plan(snapshot, policy, ledger, now);
            System.out.printf(Locale.ROOT, "%-5s prune %s: %,d actions, %,d kept, %,d MB reclaimed%n", "",
                    describe(policy), plan.actions().size(), plan.kept().size(), plan.reclaimedBytes() / 1_000_000);
        }
        measure(scale, "prune --unused --older-than 30d, incl. index", () -> pruner.plan(snapshot, unusedOld, ledger, now));
        measure(scale, "prune, every rule (see above), incl. index", () -> pruner.plan(snapshot, everyRule, ledger, now));
        measure(scale, "prune --until-size 50%, incl. index", () -> pruner.plan(snapshot, lruOnly, ledger, now));
    }

    /** Every image pulled 0 to 120 days before {@code now}; two in three also used since, at a random moment. */
    static Map<ImageId, UsageRecord> ledger(StoreSnapshot snapshot, Instant now, Random rnd) {
        Map<ImageId, UsageRecord> ledger = new HashMap<>();
        for (Image image : snapshot.images()) {
            Instant pulled = now.minusSeconds(rnd.nextInt(120 * 86_400));
            UsageRecord record = UsageRecord.firstSeen(pulled);
            if (rnd.nextInt(3) > 0) {
                record = record.usedAt(pulled.plusSeconds(rnd.nextInt((int) Duration.between(pulled, now).getSeconds() + 1)));
            }
            ledger.put(image.id(), record);
        }
        return ledger;
    }

    private static String describe(PrunePolicy p) {
        StringBuilder sb = new StringBuilder();
        if (p.unused()) {
            sb.append(" --unused");
        }
        p.olderThan().ifPresent(d -> sb.append(" --older-than ").append(d.toDays()).append('d'));
        p.keepLast().ifPresent(n -> sb.append(" --keep-last ").append(n));
        p.keep().forEach(k -> sb.append(" --keep ").append(k));
        p.minAge().ifPresent(d -> sb.append(" --min-age ").append(d.toHours()).append('h'));
        p.containersExitedFor().ifPresent(d -> sb.append(" --containers-exited-for ").append(d.toDays()).append('d'));
        p.untilSize().ifPresent(t -> sb.append(" --until-size ").append(t.shown()));
        return sb.toString().trim();
    }

    private static void measure(int scale, String name, Supplier<?> operation) {
        Object sink = null;
        for (int i = 0; i < WARMUP; i++) {
            sink = operation.get();
        }
        gc();
        resetPeaks();
        long gcCountBefore = gcCount();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        long[] nanos = new long[RUNS];
        long[] cpu = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink = operation.get();
            nanos[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            allocated += threads.getCurrentThreadAllocatedBytes() - a0;
        }
        long gcs = gcCount() - gcCountBefore;
        long peak = peakHeap();
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-5s %-46s %7.2fms %7.2fms %7.2fms %7.2fms %9.1fMB %5d %7dMB%n",
                scale + "x", name, ms(nanos[RUNS / 2]), ms(nanos[0]), ms(nanos[(int) (RUNS * 0.9)]), ms(cpu[RUNS / 2]),
                allocated / (double) RUNS / (1 << 20), gcs, peak >> 20);
        if (sink == null) {
            throw new IllegalStateException("Tried to benchmark " + name + " but failed because it returned nothing");
        }
    }

    /**
     * A store shaped like a busy build host: one image in ten is a base of 10 layers; every other image
     * builds on a base (its 10 layers, plus 4 or 5 of its own; one in three records the base as its
     * parent, as a local build does). One or two tags per image; containers spread over the images,
     * one in five running.
     */
    static StoreSnapshot synthetic(int scale, Random rnd) {
        int imageCount = IMAGES * scale;
        int baseCount = imageCount / 10;
        int derivedCount = imageCount - baseCount;
        int ownLayers = LAYERS * scale - baseCount * 10; // 40,000 per scale, spread over the derived images
        Instant created = Instant.parse("2024-01-01T00:00:00Z");
        List<Image> images = new ArrayList<>(imageCount);
        int layerSeq = 0;
        for (int b = 0; b < baseCount; b++) {
            List<Layer> layers = new ArrayList<>(10);
            for (int l = 0; l < 10; l++) {
                layers.add(new Layer(digest(++layerSeq), 1_000_000L + rnd.nextInt(50_000_000)));
            }
            images.add(image(b, List.of(tag("base" + b, "1")), Optional.empty(), layers, created));
        }
        for (int d = 0; d < derivedCount; d++) {
            Image base = images.get(rnd.nextInt(baseCount));
            int own = ownLayers / derivedCount + (d < ownLayers % derivedCount ? 1 : 0);
            List<Layer> layers = new ArrayList<>(base.layers());
            for (int l = 0; l < own; l++) {
                layers.add(new Layer(digest(++layerSeq), rnd.nextInt(20_000_000)));
            }
            int n = baseCount + d;
            List<ImageReference> tags = d % 5 == 0
                    ? List.of(tag("app" + (n % 500), "v" + n), tag("mirror/app" + (n % 500), "v" + n))
                    : List.of(tag("app" + (n % 500), "v" + n));
            Optional<ImageId> parent = d % 3 == 0 ? Optional.of(base.id()) : Optional.empty();
            images.add(image(n, tags, parent, layers, created));
        }
        ContainerState[] states = {ContainerState.RUNNING, ContainerState.EXITED, ContainerState.EXITED,
            ContainerState.EXITED, ContainerState.CREATED};
        List<Container> containers = new ArrayList<>(CONTAINERS * scale);
        for (int c = 0; c < CONTAINERS * scale; c++) {
            Image on = images.get(rnd.nextInt(imageCount));
            ContainerState state = states[c % states.length];
            containers.add(new Container(hex("container", c), "ctr_" + c, on.tags().get(0).familiar(), on.id(),
                    List.of("sh"), state, 0, created, Optional.of(created), Optional.empty(), rnd.nextInt(1_000_000)));
        }
        return new StoreSnapshot(images, containers, created.plusSeconds(86_400));
    }

    /** Targets as users type them: mostly tags of derived images, some ID prefixes, a few unknown names. */
    static List<String> targets(StoreSnapshot snapshot, int count, Random rnd) {
        List<Image> images = snapshot.images();
        List<String> targets = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            Image image = images.get(images.size() / 10 + rnd.nextInt(images.size() - images.size() / 10));
            switch (t % 10) {
                case 0 -> targets.add(image.id().shortId());
                case 1 -> targets.add("missing/app:" + t);
                default -> targets.add(image.tags().get(image.tags().size() - 1).familiar());
            }
        }
        return targets;
    }

    private static Image image(int n, List<ImageReference> tags, Optional<ImageId> parent, List<Layer> layers,
                               Instant created) {
        long size = layers.stream().mapToLong(Layer::size).sum();
        return new Image(new ImageId(new Digest("sha256", hex("image", n))), tags, List.of(), created, size, parent,
                layers, ImageConfig.EMPTY);
    }

    private static ImageReference tag(String repository, String tag) {
        return ImageReference.parse("localhost:5000/" + repository + ":" + tag);
    }

    private static Digest digest(int n) {
        return new Digest("sha256", hex("layer", n));
    }

    /** 64 hex characters that spread well (IDs must not share long prefixes, as real sha256 IDs do not). */
    private static String hex(String kind, int n) {
        long seed = (kind.hashCode() * 0x9E3779B97F4A7C15L) ^ n;
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            seed = mix(seed + 0x9E3779B97F4A7C15L);
            String part = Long.toHexString(seed);
            sb.append("0".repeat(16 - part.length())).append(part);
        }
        return sb.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
