package io.imgctl.cli.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.policy.UsageRecord;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage ledger file: round trip, atomic replacement, concurrent updates, and what counts as lost. */
class JsonUsageLedgerTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static ImageId id(int n) {
        return new ImageId(new Digest("sha256", String.format("%064x", n)));
    }

    @Test
    void recordsRoundTripAndTheFileIsReplacedWholeLeavingNoTemporaryFiles() throws Exception {
        JsonUsageLedger ledger = new JsonUsageLedger(dir.resolve("state/imgctl/usage-docker.json"));
        Map<ImageId, UsageRecord> records = Map.of(id(1), UsageRecord.firstSeen(T),
                id(2), new UsageRecord(T, Optional.of(T.plusSeconds(60))));

        ledger.save(records);
        ledger.update(r -> {
            Map<ImageId, UsageRecord> changed = new HashMap<>(r);
            changed.remove(id(1));
            return changed;
        });

        assertThat(ledger.load()).containsExactly(Map.entry(id(2), records.get(id(2))));
        try (var files = Files.list(dir.resolve("state/imgctl"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("usage-docker.json", "usage-docker.json.lock");
        }
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        Path file = dir.resolve("usage-fake.json");
        int writers = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w * each;
                // A ledger object per writer, as separate imgctl processes would have.
                JsonUsageLedger ledger = new JsonUsageLedger(file);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = first; n < first + each; n++) {
                        ImageId image = id(n);
                        ledger.update(r -> {
                            Map<ImageId, UsageRecord> changed = new HashMap<>(r);
                            changed.put(image, UsageRecord.firstSeen(T));
                            return changed;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new JsonUsageLedger(file).load()).hasSize(writers * each);
    }

    @Test
    void aMissingTruncatedOrForeignFileIsLostAndLoadsEmptyButOneBadEntryCostsOnlyItself() throws Exception {
        Path file = dir.resolve("usage-podman.json");
        JsonUsageLedger ledger = new JsonUsageLedger(file);
        assertThat(ledger.load()).isEmpty();

        Files.writeString(file, "{\"images\": {\"sha256:" + "0".repeat(10));
        assertThat(ledger.load()).isEmpty();
        Files.writeString(file, "[1, 2, 3]");
        assertThat(ledger.load()).isEmpty();

        Files.writeString(file, "{\"images\": {\"" + id(1) + "\": {\"pulled\": \"yesterday\"}, \""
                + id(2) + "\": {\"pulled\": \"" + T + "\"}}}");
        assertThat(ledger.load()).containsExactly(Map.entry(id(2), UsageRecord.firstSeen(T)));
    }

    @Test
    void aLedgerThatCannotBeWrittenSaysSoInOneLine() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        JsonUsageLedger ledger = new JsonUsageLedger(blocker.resolve("usage-fake.json"));

        assertThatThrownBy(() -> ledger.update(r -> r)).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Tried to update the usage ledger " + blocker.resolve("usage-fake.json")
                        + " but failed because")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
