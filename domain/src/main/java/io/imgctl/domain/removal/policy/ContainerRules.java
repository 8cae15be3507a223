package io.imgctl.domain.removal.policy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The rules for containers: only {@code --containers-exited-for} selects them, and only stopped ones. */
public final class ContainerRules {

    private ContainerRules() {
    }

    /**
     * {@code --containers-exited-for D}: exited or dead containers that finished at least D ago; a
     * container that never started ({@code created}) ages from its creation. Running, paused,
     * restarting and removing containers are never selected.
     */
    public record ExitedFor(Duration min) {
        public ExitedFor {
            Objects.requireNonNull(min, "min");
        }

        public Verdict judge(Container c, Instant now) {
            ContainerState s = c.state();
            if (s != ContainerState.EXITED && s != ContainerState.DEAD && s != ContainerState.CREATED) {
                return Verdict.keep(s.wireName());
            }
            Instant since = s == ContainerState.CREATED ? c.created() : c.finished().orElse(c.lastUsed());
            if (since.isBefore(c.lastUsed()) && s != ContainerState.CREATED) {
                since = c.lastUsed();
            }
            Duration age = Duration.between(since, now);
            String what = s == ContainerState.CREATED ? "created " + Ages.format(positive(age)) + " ago, never started"
                    : s.wireName() + " " + Ages.format(positive(age)) + " ago";
            return age.compareTo(min) >= 0
                    ? Verdict.remove(what + ", longer than --containers-exited-for " + Ages.format(min))
                    : Verdict.keep(what + ", within --containers-exited-for " + Ages.format(min));
        }

        private static Duration positive(Duration d) {
            return d.isNegative() ? Duration.ZERO : d;
        }
    }
}
