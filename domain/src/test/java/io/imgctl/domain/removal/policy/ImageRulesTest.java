package io.imgctl.domain.removal.policy;

import static io.imgctl.domain.removal.policy.PruneFixtures.NOW;
import static io.imgctl.domain.removal.policy.PruneFixtures.ago;
import static io.imgctl.domain.removal.policy.PruneFixtures.ctr;
import static io.imgctl.domain.removal.policy.PruneFixtures.exited;
import static io.imgctl.domain.removal.policy.PruneFixtures.img;
import static io.imgctl.domain.removal.policy.PruneFixtures.running;
import static io.imgctl.domain.store.TestStore.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule alone, and how verdicts combine. */
class ImageRulesTest {

    private static final Image TAGGED = img("t", List.of("app:1"), layer("t", 1));
    private static final Image UNTAGGED = img("u", List.of(), layer("u", 1));

    private static Candidate candidate(Image image, Instant pulled, Optional<Instant> used, List<Container> users, int children) {
        return new Candidate(image, new ImageUsage(image.id(), image.created(), pulled, used), users, children, NOW);
    }

    private static Candidate plain(Image image) {
        return candidate(image, ago(Duration.ofDays(10)), Optional.empty(), List.of(), 0);
    }

    @Test
    void danglingSelectsUntaggedImagesWithoutChildrenOnly() {
        assertThat(new ImageRules.Dangling().judge(plain(UNTAGGED))).isInstanceOf(Verdict.Remove.class);
        assertThat(new ImageRules.Dangling().judge(plain(TAGGED))).isInstanceOf(Verdict.Keep.class);
        assertThat(new ImageRules.Dangling().judge(candidate(UNTAGGED, NOW, Optional.empty(), List.of(), 1)))
                .isInstanceOf(Verdict.Keep.class);
    }

    @Test
    void unusedAndInUseLookAtContainersInAnyState() {
        Container created = ctr("c", TAGGED, ContainerState.CREATED, NOW, Optional.empty(), Optional.empty());
        Candidate used = candidate(TAGGED, NOW, Optional.empty(), List.of(created), 0);
        assertThat(new ImageRules.Unused().judge(plain(TAGGED))).isInstanceOf(Verdict.Remove.class);
        assertThat(new ImageRules.Unused().judge(used)).isEqualTo(Verdict.keep("in use by container "
                + created.shortId() + " (c, created)"));
        assertThat(new ImageRules.InUse().judge(used)).isInstanceOf(Verdict.Keep.class);
        assertThat(new ImageRules.InUse().judge(plain(TAGGED))).isEqualTo(Verdict.ABSTAIN);
    }

    @Test
    void olderThanUsesTheBasisAndTheDefaultIsTheLaterOfPulledAndUsed() {
        Candidate c = candidate(TAGGED, ago(Duration.ofDays(10)), Optional.of(ago(Duration.ofDays(2))), List.of(), 0);
        assertThat(new ImageRules.OlderThan(Duration.ofDays(7), AgeBasis.PULLED_OR_USED).judge(c))
                .isEqualTo(Verdict.keep("pulled or used 2d ago, younger than --older-than 1w"));
        assertThat(new ImageRules.OlderThan(Duration.ofDays(7), AgeBasis.PULLED).judge(c)).isInstanceOf(Verdict.Remove.class);
        assertThat(new ImageRules.OlderThan(Duration.ofDays(7), AgeBasis.LAST_USED).judge(c)).isInstanceOf(Verdict.Keep.class);
        assertThat(new ImageRules.OlderThan(Duration.ofDays(7), AgeBasis.CREATED).judge(c)).isInstanceOf(Verdict.Remove.class);
        Candidate neverUsed = candidate(TAGGED, ago(Duration.ofDays(1)), Optional.empty(), List.of(), 0);
        assertThat(new ImageRules.OlderThan(Duration.ofDays(7), AgeBasis.LAST_USED).judge(neverUsed))
                .isInstanceOf(Verdict.Keep.class); // never used: aged from the pull
    }

    @Test
    void minAgeKeepsWhatIsYoungerAndAbstainsOtherwise() {
        ImageRules.MinAge grace = new ImageRules.MinAge(Duration.ofHours(1), AgeBasis.PULLED_OR_USED);
        assertThat(grace.judge(candidate(TAGGED, ago(Duration.ofMinutes(5)), Optional.empty(), List.of(), 0)))
                .isEqualTo(Verdict.keep("pulled or used 5m ago, within --min-age 1h"));
        assertThat(grace.judge(plain(TAGGED))).isEqualTo(Verdict.ABSTAIN);
    }

    @Test
    void keepPatternsMatchAnyTagOrAnIdAndFailClosed() {
        Image multi = img("m", List.of("redis:7", "cache/redis:7"), layer("m", 1));
        ImageRules.KeepPatterns keep = ImageRules.KeepPatterns.of(List.of("cache/*"), List.of(multi));
        assertThat(keep.judge(plain(multi))).isEqualTo(Verdict.keep("--keep cache/* matches cache/redis:7"));
        assertThat(keep.judge(plain(TAGGED))).isEqualTo(Verdict.ABSTAIN);
        String id = multi.id().hex().substring(0, 12);
        assertThat(ImageRules.KeepPatterns.of(List.of(id), List.of(multi)).judge(plain(multi))).isInstanceOf(Verdict.Keep.class);
        assertThatThrownBy(() -> ImageRules.KeepPatterns.of(List.of("a[b"), List.of(multi)))
                .isInstanceOf(InvalidPolicyException.class);
        assertThatThrownBy(() -> ImageRules.KeepPatterns.of(List.of(""), List.of(multi)))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void pauseImagesAreAlwaysKept() {
        for (String tag : List.of("k8s.gcr.io/pause:3.5", "registry.k8s.io/pause:3.9", "localhost/podman-pause:5.0")) {
            assertThat(new ImageRules.PauseImages().judge(plain(img("p", List.of(tag), layer("p", 1)))))
                    .as(tag).isInstanceOf(Verdict.Keep.class);
        }
        assertThat(new ImageRules.PauseImages().judge(plain(img("q", List.of("pause:1"), layer("q", 1)))))
                .isEqualTo(Verdict.ABSTAIN);
    }

    @Test
    void scopeKeepsEverythingOutsideItsReferenceAndLabelFilters() {
        Image labelled = new Image(TAGGED.id(), TAGGED.tags(), List.of(), TAGGED.created(), 1, Optional.empty(),
                TAGGED.layers(), new ImageConfig(List.of(), List.of(), List.of(), "", "", Map.of("team", "a"), "amd64", "linux"));
        assertThat(ImageRules.Scope.of(List.of("reference=app:*")).contains(TAGGED)).isTrue();
        assertThat(ImageRules.Scope.of(List.of("reference=other:*")).judge(plain(TAGGED))).isInstanceOf(Verdict.Keep.class);
        assertThat(ImageRules.Scope.of(List.of("label=team=a")).contains(labelled)).isTrue();
        assertThat(ImageRules.Scope.of(List.of("label=team")).contains(labelled)).isTrue();
        assertThat(ImageRules.Scope.of(List.of("label=team=b")).contains(labelled)).isFalse();
        assertThatThrownBy(() -> ImageRules.Scope.of(List.of("until=1h"))).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void anyKeepWinsAndRemoveNeedsASelectingRule() {
        assertThat(ImageRules.combine(List.of(Verdict.remove("a"), Verdict.keep("k"), Verdict.ABSTAIN)))
                .isEqualTo(Verdict.keep("k"));
        assertThat(ImageRules.combine(List.of(Verdict.remove("a"), Verdict.remove("b")))).isEqualTo(Verdict.remove("a; b"));
        assertThat(ImageRules.combine(List.of(Verdict.ABSTAIN))).isEqualTo(Verdict.ABSTAIN);
        assertThat(ImageRules.combine(List.of(Verdict.keep("k"), Verdict.keep("k")))).isEqualTo(Verdict.keep("k"));
    }

    @Test
    void exitedForAgesStoppedContainersByFinishAndNeverStartedOnesByCreation() {
        ContainerRules.ExitedFor rule = new ContainerRules.ExitedFor(Duration.ofHours(1));
        assertThat(rule.judge(exited("old", TAGGED, ago(Duration.ofHours(2))), NOW)).isInstanceOf(Verdict.Remove.class);
        assertThat(rule.judge(exited("new", TAGGED, ago(Duration.ofMinutes(2))), NOW)).isInstanceOf(Verdict.Keep.class);
        assertThat(rule.judge(running("run", TAGGED, ago(Duration.ofDays(2))), NOW)).isInstanceOf(Verdict.Keep.class);
        Container neverStarted = ctr("c", TAGGED, ContainerState.CREATED, ago(Duration.ofMinutes(5)), Optional.empty(),
                Optional.of(Instant.parse("0001-01-01T00:00:00Z")));
        assertThat(rule.judge(neverStarted, NOW)).isInstanceOf(Verdict.Keep.class);
    }

    @Test
    void durationsAndSizesParseAsDocumented() {
        assertThat(Ages.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Ages.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Ages.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Ages.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> Ages.parse("7 days")).isInstanceOf(InvalidPolicyException.class);
        assertThat(SizeTarget.parse("500MB").bytes(0)).isEqualTo(500_000_000L);
        assertThat(SizeTarget.parse("2GB").bytes(0)).isEqualTo(2_000_000_000L);
        assertThat(SizeTarget.parse("80%").bytes(1000)).isEqualTo(800);
        assertThatThrownBy(() -> SizeTarget.parse("101%")).isInstanceOf(InvalidPolicyException.class);
        assertThatThrownBy(() -> SizeTarget.parse("lots")).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void withNoSelectingOptionPruneRemovesDanglingImages() {
        assertThat(PrunePolicy.defaults().effective().dangling()).isTrue();
        assertThat(PrunePolicy.defaults().withUnused().effective().dangling()).isFalse();
        assertThat(PrunePolicy.defaults().withKeep("x").effective().dangling()).isTrue();
    }
}
