package io.imgctl.domain.removal.policy;

import java.util.Objects;

/** What one rule says about one image or container: keep it, remove it, or nothing. */
public sealed interface Verdict {

    Abstain ABSTAIN = new Abstain();

    static Verdict keep(String reason) {
        return new Keep(reason);
    }

    static Verdict remove(String reason) {
        return new Remove(reason);
    }

    record Keep(String reason) implements Verdict {
        public Keep {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Remove(String reason) implements Verdict {
        public Remove {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Abstain() implements Verdict {
    }
}
