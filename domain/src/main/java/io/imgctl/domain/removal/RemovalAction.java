package io.imgctl.domain.removal;

import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import java.util.Objects;
import java.util.Set;

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

        @Override
        public String target() {
            return name;
        }
    }
}
