package io.imgctl.application.service;

import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.store.ImageResolution;
import java.util.regex.Pattern;

/** Checks on what users type, done before any engine call. */
final class Arguments {

    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?[a-f0-9]{1,64}");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private Arguments() {
    }

    /**
     * Checks an image argument that may be a reference or an ID prefix: an ID prefix passes, anything
     * else must parse as a reference. Throws {@link io.imgctl.domain.image.InvalidReferenceException}.
     */
    static String imageArgument(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(String.valueOf(text), "Tried to read an image argument but it is empty");
        }
        if (!ID_PREFIX.matcher(text).matches()) {
            ImageReference.parse(text);
        }
        return text;
    }

    /** Parses a reference to pull, push, run or tag: {@code :latest} added when it has neither tag nor digest. */
    static ImageReference reference(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(String.valueOf(text), "Tried to read an image reference but it is empty");
        }
        return ImageReference.parse(text).withDefaultTag();
    }

    /** A reference that names a tag to create ({@code tag}, {@code commit}): no digest allowed. */
    static ImageReference tagReference(String text) {
        ImageReference reference = reference(text);
        if (reference.digest().isPresent() || reference.tag().isEmpty()) {
            throw new InvalidInputException(text,
                    "Tried to use " + text + " as a tag but failed because a tag cannot carry a digest");
        }
        return reference;
    }

    static String containerName(String name) {
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw new InvalidInputException(name, "Tried to name a container " + name
                    + " but failed because names must match [a-zA-Z0-9][a-zA-Z0-9_.-]+");
        }
        return name;
    }

    static NotFoundException noSuchImage(String text) {
        return new NotFoundException("No such image: " + text);
    }

    static NotFoundException noSuchContainer(String text) {
        return new NotFoundException("No such container: " + text);
    }

    /** The image a resolution found, or the not-found error Docker gives (also for an ambiguous ID prefix). */
    static Image resolved(ImageResolution resolution, String text) {
        if (resolution instanceof ImageResolution.ByTag byTag) {
            return byTag.image();
        }
        if (resolution instanceof ImageResolution.ById byId) {
            return byId.image();
        }
        if (resolution instanceof ImageResolution.Ambiguous ambiguous) {
            throw new NotFoundException("No such image: " + text + " (the ID prefix matches "
                    + ambiguous.matches() + " images; give more characters)");
        }
        throw noSuchImage(text);
    }
}
