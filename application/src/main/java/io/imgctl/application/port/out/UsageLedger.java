package io.imgctl.application.port.out;

import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.policy.UsageRecord;
import java.util.Map;

/**
 * The host's memory of image use that engines do not keep: when each image was pulled or first
 * seen, and when it was last used (kept after its containers are gone). One ledger per engine.
 */
public interface UsageLedger {

    /** The records; empty when the ledger is new or was lost. */
    Map<ImageId, UsageRecord> load();

    /** Replaces the records, atomically: a reader sees the old ledger or the new one. */
    void save(Map<ImageId, UsageRecord> records);

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
