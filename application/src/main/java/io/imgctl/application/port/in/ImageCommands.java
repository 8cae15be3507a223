package io.imgctl.application.port.in;

import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.domain.image.ImageId;
import java.util.List;
import java.util.Optional;

/** {@code pull}, {@code tag}, {@code push}, {@code commit}. References are user text; invalid ones throw InvalidReferenceException. */
public interface ImageCommands {

    /** Pulls {@code reference}, {@code :latest} when no tag is given. */
    PullResult pull(String reference, PullListener listener);

    /** Tags the image {@code source} (reference or ID) as {@code target}. */
    void tag(String source, String target);

    PushResult push(String reference, PullListener listener);

    /** Commits a container (name or ID) to a new image tagged {@code reference}. */
    default ImageId commit(String container, String reference) {
        return commit(container, reference, Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * Commits a container with a message, an author and Dockerfile changes ({@code CMD ["x"]}, ...).
     * An unsupported or malformed change is bad input ({@link InvalidInputException}), found before the
     * engine is asked.
     */
    ImageId commit(String container, String reference, Optional<String> message, Optional<String> author,
                   List<String> changes);
}
