package io.imgctl.application.port.in;

import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.domain.image.ImageId;

/** {@code pull}, {@code tag}, {@code push}, {@code commit}. References are user text; invalid ones throw InvalidReferenceException. */
public interface ImageCommands {

    /** Pulls {@code reference}, {@code :latest} when no tag is given. */
    PullResult pull(String reference, PullListener listener);

    /** Tags the image {@code source} (reference or ID) as {@code target}. */
    void tag(String source, String target);

    PushResult push(String reference, PullListener listener);

    /** Commits a container (name or ID) to a new image tagged {@code reference}. */
    ImageId commit(String container, String reference);
}
