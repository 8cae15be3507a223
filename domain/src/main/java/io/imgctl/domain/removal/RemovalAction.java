package io.imgctl.domain.removal;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One step of a {@link RemovalPlan}. Each action names its target, says why it is in the plan,
 * counts the bytes it frees (each layer once across the whole plan) and carries the facts that must
 * still hold just before it runs; when they no longer hold the action is skipped, never forced.
 */
public sealed interface RemovalAction {

    /** {@code untag}, {@code deleteImage} or {@code removeContainer}, as the JSON output spells it. */
    String kind();

    /** What the action acts on, as shown to users: a reference, an image ID or a container name. */
    String target();

    String reason();

    long bytes();

    /**
     * Removes one tag. Precondition: the tag still names {@code imageId}.
     */
    record Untag(ImageReference reference, ImageId imageId, String reason) implements RemovalAction {
        public Untag {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(imageId, "imageId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kind() {
            return "untag";
        }

        /**
         * Checks the precondition just before the untag runs.
         *
         * @param currentTarget the image the tag names now, empty when no image has it
         * @return the changed precondition, to report as {@code skipped}; empty when the untag may run
         */
        public Optional<String> violation(Optional<ImageId> currentTarget) {
            Objects.requireNonNull(currentTarget, "currentTarget");
            if (currentTarget.isEmpty()) {
                return Optional.of("tag " + target() + " no longer exists");
            }
            if (!currentTarget.get().equals(imageId)) {
                return Optional.of("tag " + target() + " now names image " + currentTarget.get().shortId()
                        + ", not " + imageId.shortId());
            }
            return Optional.empty();
        }

        @Override
        public String target() {
            return reference.familiar();
        }

        @Override
        public long bytes() {
            return 0;
        }
    }

    /**
     * Deletes an image's data. Preconditions: the image still exists, no tag outside
     * {@code expectedTags} names it, and no container outside {@code expectedContainerIds} uses it.
     *
     * @param force whether the engine must be told to force (stopped containers keep using it)
     */
    record DeleteImage(ImageId imageId, Set<ImageReference> expectedTags, Set<String> expectedContainerIds,
                       boolean force, String reason, long bytes) implements RemovalAction {
        public DeleteImage {
            Objects.requireNonNull(imageId, "imageId");
            expectedTags = Set.copyOf(Objects.requireNonNull(expectedTags, "expectedTags"));
            expectedContainerIds = Set.copyOf(Objects.requireNonNull(expectedContainerIds, "expectedContainerIds"));
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kind() {
            return "deleteImage";
        }

        /**
         * Checks the preconditions just before the deletion runs: the image is still there, no tag
         * outside {@code expectedTags} names it, no container outside {@code expectedContainerIds}
         * uses it, and none of the expected (orphaned) containers has started since.
         *
         * @param current      the image as the engine has it now, empty when it is gone
         * @param currentUsers the containers (any state) that use the image now
         * @return the changed precondition, to report as {@code skipped}; empty when the deletion may run
         */
        public Optional<String> violation(Optional<Image> current, List<Container> currentUsers) {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(currentUsers, "currentUsers");
            if (current.isEmpty()) {
                return Optional.of("image " + imageId.shortId() + " no longer exists");
            }
            if (!current.get().id().equals(imageId)) {
                return Optional.of("image " + imageId.shortId() + " is now image " + current.get().id().shortId());
            }
            List<ImageReference> newTags = current.get().tags().stream().filter(t -> !expectedTags.contains(t)).toList();
            if (!newTags.isEmpty()) {
                return Optional.of("image " + imageId.shortId() + " is now tagged "
                        + newTags.stream().map(ImageReference::familiar).collect(Collectors.joining(", ")));
            }
            List<Container> newUsers = currentUsers.stream().filter(c -> !expectedContainerIds.contains(c.id())).toList();
            if (!newUsers.isEmpty()) {
                return Optional.of(Containers.describe(newUsers) + (newUsers.size() == 1 ? " now uses" : " now use")
                        + " image " + imageId.shortId());
            }
            List<Container> started = currentUsers.stream().filter(Container::isRunning).toList();
            if (!started.isEmpty()) {
                return Optional.of(Containers.describe(started) + (started.size() == 1 ? " is" : " are")
                        + " now running on image " + imageId.shortId());
            }
            return Optional.empty();
        }

        @Override
        public String target() {
            return imageId.toString();
        }
    }

    /**
     * Removes a container. Preconditions: it still exists, still uses {@code imageId}, and is not
     * running unless {@code force}.
     */
    record RemoveContainer(String containerId, String name, ImageId imageId, boolean force,
                           String reason, long bytes) implements RemovalAction {
        public RemoveContainer {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(imageId, "imageId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kind() {
            return "removeContainer";
        }

        /**
         * Checks the preconditions just before the removal runs.
         *
         * @param current the container as the engine has it now (looked up by ID), empty when it is gone
         * @return the changed precondition, to report as {@code skipped}; empty when the removal may run
         */
        public Optional<String> violation(Optional<Container> current) {
            Objects.requireNonNull(current, "current");
            String shown = "container " + containerId.substring(0, Math.min(12, containerId.length())) + " (" + name + ")";
            if (current.isEmpty()) {
                return Optional.of(shown + " no longer exists");
            }
            Container c = current.get();
            if (!c.imageId().equals(imageId)) {
                return Optional.of(shown + " now uses image " + c.imageId().shortId() + ", not " + imageId.shortId());
            }
            if (c.isRunning() && !force) {
                return Optional.of(shown + " is now " + c.state().wireName());
            }
            return Optional.empty();
        }

        @Override
        public String target() {
            return name;
        }
    }
}
