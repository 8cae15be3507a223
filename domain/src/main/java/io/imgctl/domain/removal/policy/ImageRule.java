package io.imgctl.domain.removal.policy;

/**
 * One named rule of a prune policy. Selecting rules answer {@link Verdict.Remove} or
 * {@link Verdict.Keep}; protecting rules answer {@link Verdict.Keep} or {@link Verdict.Abstain}.
 * An image goes only when at least one rule says remove and none says keep.
 */
public interface ImageRule {

    /** The option the rule comes from, e.g. {@code --older-than}. */
    String name();

    Verdict judge(Candidate candidate);
}
