package io.imgctl.application.service;

import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.RemovalAction;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The preconditions each {@link RemovalAction} documents, checked against facts read just before it
 * runs. Each check returns the first fact that no longer holds, as a line for the {@code skipped} outcome.
 */
final class Preconditions {

    private Preconditions() {
    }

    /** The tag still names the planned image. */
    static Optional<String> untag(RemovalAction.Untag untag, Optional<Image> namedNow) {
        String tag = untag.reference().familiar();
        if (namedNow.isEmpty() || !(namedNow.get().hasTag(untag.reference())
                || namedNow.get().digests().contains(untag.reference()))) {
            return Optional.of("tag " + tag + " no longer exists");
        }
        if (!namedNow.get().id().equals(untag.imageId())) {
            return Optional.of("tag " + tag + " now names image " + namedNow.get().id().shortId()
                    + ", not " + untag.imageId().shortId());
        }
        return Optional.empty();
    }

    /** The image exists, no tag outside the expected ones names it, no container outside the expected ones uses it. */
    static Optional<String> deleteImage(RemovalAction.DeleteImage delete, Optional<Image> imageNow,
                                        List<Container> usersNow) {
        String id = delete.imageId().shortId();
        if (imageNow.isEmpty()) {
            return Optional.of("image " + id + " no longer exists");
        }
        List<ImageReference> newTags = imageNow.get().tags().stream()
                .filter(t -> !delete.expectedTags().contains(t)).toList();
        if (!newTags.isEmpty()) {
            return Optional.of("image " + id + " is now also tagged "
                    + newTags.stream().map(ImageReference::familiar).collect(Collectors.joining(", ")));
        }
        List<Container> newUsers = usersNow.stream()
                .filter(c -> !delete.expectedContainerIds().contains(c.id())).toList();
        if (!newUsers.isEmpty()) {
            return Optional.of("image " + id + " is now used by container "
                    + newUsers.stream().map(c -> c.shortId() + " (" + c.name() + ")").collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    /** The container exists, still uses the planned image, and is not running unless the action forces. */
    static Optional<String> removeContainer(RemovalAction.RemoveContainer remove, Optional<Container> containerNow) {
        if (containerNow.isEmpty()) {
            return Optional.of("container " + remove.name() + " no longer exists");
        }
        Container c = containerNow.get();
        if (!c.imageId().equals(remove.imageId())) {
            return Optional.of("container " + remove.name() + " now uses image " + c.imageId().shortId());
        }
        if (c.isRunning() && !remove.force()) {
            return Optional.of("container " + remove.name() + " is now " + c.state().wireName());
        }
        return Optional.empty();
    }
}
