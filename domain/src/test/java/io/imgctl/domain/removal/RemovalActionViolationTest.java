package io.imgctl.domain.removal;

import static io.imgctl.domain.store.TestStore.container;
import static io.imgctl.domain.store.TestStore.image;
import static io.imgctl.domain.store.TestStore.imageId;
import static io.imgctl.domain.store.TestStore.layer;
import static io.imgctl.domain.store.TestStore.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.container.ContainerState;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.removal.RemovalAction.DeleteImage;
import io.imgctl.domain.removal.RemovalAction.RemoveContainer;
import io.imgctl.domain.removal.RemovalAction.Untag;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RemovalActionViolationTest {

    private final Image app = image("app", List.of(), layer("app", 10));
    private final Image other = image("other", List.of(), layer("other", 10));

    @Nested
    class UntagPreconditions {

        private final Untag untag = new Untag(ref("app:1"), app.id(), "test");

        @Test
        void holdsWhileTheTagStillNamesTheImage() {
            assertThat(untag.violation(Optional.of(app.id()))).isEmpty();
        }

        @Test
        void failsWhenTheTagIsGoneOrMoved() {
            assertThat(untag.violation(Optional.empty())).hasValueSatisfying(
                    v -> assertThat(v).contains("app:1").contains("no longer exists"));
            assertThat(untag.violation(Optional.of(other.id()))).hasValueSatisfying(
                    v -> assertThat(v).contains("app:1").contains(other.id().shortId()).contains(app.id().shortId()));
        }
    }

    @Nested
    class DeleteImagePreconditions {

        private final Container orphan = container("orphan", app, ContainerState.EXITED);
        private final DeleteImage plain = new DeleteImage(app.id(), Set.of(), Set.of(), false, "test", 10);
        private final DeleteImage forced = new DeleteImage(app.id(), Set.of(), Set.of(orphan.id()), true, "test", 10);

        @Test
        void holdsWhileTheImageIsThereUntaggedAndUnused() {
            assertThat(plain.violation(Optional.of(app), List.of())).isEmpty();
            assertThat(forced.violation(Optional.of(app), List.of(orphan))).isEmpty();
            assertThat(forced.violation(Optional.of(app), List.of())).isEmpty();
        }

        @Test
        void failsWhenTheImageIsGone() {
            assertThat(plain.violation(Optional.empty(), List.of())).hasValueSatisfying(
                    v -> assertThat(v).contains(app.id().shortId()).contains("no longer exists"));
        }

        @Test
        void failsWhenTheImageIsADifferentImage() {
            assertThat(plain.violation(Optional.of(other), List.of())).isPresent();
        }

        @Test
        void failsWhenATagOutsideTheExpectedOnesNamesIt() {
            Image retagged = app.withTags(List.of(ref("new:1")));

            assertThat(plain.violation(Optional.of(retagged), List.of())).hasValueSatisfying(
                    v -> assertThat(v).contains("new:1"));
            DeleteImage expectingTag = new DeleteImage(app.id(), Set.of(ref("new:1")), Set.of(), false, "t", 0);
            assertThat(expectingTag.violation(Optional.of(retagged), List.of())).isEmpty();
        }

        @Test
        void failsWhenANewContainerUsesIt() {
            Container newcomer = container("newcomer", app, ContainerState.CREATED);

            assertThat(plain.violation(Optional.of(app), List.of(newcomer))).hasValueSatisfying(
                    v -> assertThat(v).contains(newcomer.shortId()).contains("newcomer"));
            assertThat(forced.violation(Optional.of(app), List.of(orphan, newcomer))).isPresent();
        }

        @Test
        void failsWhenAnExpectedContainerIsNowRunning() {
            Container started = container("orphan", app, ContainerState.RUNNING);

            assertThat(forced.violation(Optional.of(app), List.of(started))).hasValueSatisfying(
                    v -> assertThat(v).contains("orphan").contains("running"));
        }
    }

    @Nested
    class RemoveContainerPreconditions {

        private final Container stopped = container("job", app, ContainerState.EXITED);
        private final RemoveContainer gentle = new RemoveContainer(stopped.id(), "job", app.id(), false, "t", 0);
        private final RemoveContainer forced = new RemoveContainer(stopped.id(), "job", app.id(), true, "t", 0);

        @Test
        void holdsWhileTheContainerExistsOnTheSameImage() {
            assertThat(gentle.violation(Optional.of(stopped))).isEmpty();
            assertThat(forced.violation(Optional.of(container("job", app, ContainerState.RUNNING)))).isEmpty();
        }

        @Test
        void failsWhenItIsGoneOnAnotherImageOrNowRunningWithoutForce() {
            assertThat(gentle.violation(Optional.empty())).hasValueSatisfying(
                    v -> assertThat(v).contains("job").contains("no longer exists"));
            assertThat(gentle.violation(Optional.of(container("job", imageId("elsewhere"), ContainerState.EXITED, 0))))
                    .hasValueSatisfying(v -> assertThat(v).contains(imageId("elsewhere").shortId()));
            assertThat(gentle.violation(Optional.of(container("job", app, ContainerState.RUNNING))))
                    .hasValueSatisfying(v -> assertThat(v).contains("running"));
        }
    }
}
