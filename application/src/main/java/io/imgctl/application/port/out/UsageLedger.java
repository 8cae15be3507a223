package io.imgctl.application.port.out;

import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.policy.UsageRecord;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The host's memory of image use that engines do not keep: when each image was pulled or first
 * seen, and when it was last used (kept after its containers are gone). One ledger per engine.
 *
 * <p>A ledger that cannot be read counts as lost ({@link #load()} is empty): every image is then
 * first seen now, which errs towards keeping. A ledger that cannot be written throws
 * {@link java.io.UncheckedIOException}.
 */
public interface UsageLedger {

    /** The records; empty when the ledger is new or was lost. */
    Map<ImageId, UsageRecord> load();

    /** Replaces the records, atomically: a reader sees the old ledger or the new one. */
    void save(Map<ImageId, UsageRecord> records);

    /**
     * Reads the records, changes them and writes them back as one step: no other update of this
     * ledger (by this process or another) runs in between, so none is lost. The write is atomic as
     * for {@link #save}.
     *
     * @return the records as written
     */
    default Map<ImageId, UsageRecord> update(UnaryOperator<Map<ImageId, UsageRecord>> change) {
        synchronized (this) {
            Map<ImageId, UsageRecord> changed = Map.copyOf(change.apply(load()));
            save(changed);
            return changed;
        }
    }

    /** A ledger that remembers nothing (every image is first seen at each prune). */
    UsageLedger NONE = new UsageLedger() {
        @Override
        public Map<ImageId, UsageRecord> load() {
            return Map.of();
        }

        @Override
        public void save(Map<ImageId, UsageRecord> records) {
            // nothing to keep
        }
    };
}
