package io.imgctl.domain.removal;

import java.util.Objects;

/** Something a plan deliberately leaves in place, and why (for example its data while containers use it). */
public record Kept(String target, String reason) {
    public Kept {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }
}
