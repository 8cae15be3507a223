package io.imgctl.application.service;

import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.removal.policy.UsageRecord;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Writes to the usage ledger what imgctl itself did: a pull, tag or commit (the image arrived under a
 * name now) and a container created from an image (it was used now). Each is one atomic
 * {@link UsageLedger#update}.
 *
 * <p>Best effort: a ledger that cannot be written does not fail the command that already happened on
 * the engine. Nothing is lost for safety: the next prune writes the ledger before it plans and fails
 * when it cannot, and an image the ledger lacks counts as first seen at that prune.
 */
final class UsageRecorder {

    private final UsageLedger ledger;
    private final Clock clock;

    UsageRecorder(UsageLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Pulled, tagged or committed now: first seen now, or seen again now (pulled moves later). */
    void arrived(ImageId image) {
        change(image, (record, now) -> record == null ? UsageRecord.firstSeen(now) : record.pulledAt(now));
    }

    /** A container was created from the image now. */
    void used(ImageId image) {
        change(image, (record, now) -> (record == null ? UsageRecord.firstSeen(now) : record).usedAt(now));
    }

    private void change(ImageId image, BiFunction<UsageRecord, Instant, UsageRecord> how) {
        Objects.requireNonNull(image, "image");
        if (ledger == UsageLedger.NONE) {
            return;
        }
        Instant now = clock.instant();
        try {
            ledger.update(records -> {
                Map<ImageId, UsageRecord> changed = new HashMap<>(records);
                changed.put(image, how.apply(records.get(image), now));
                return changed;
            });
        } catch (UncheckedIOException e) {
            // Not written: see the class description.
        }
    }
}
