package io.imgctl.domain.removal;

import java.util.List;
import java.util.Objects;

/**
 * What a user asked to remove: images by reference or ID prefix ({@code rmi}).
 *
 * @param targets         the user's arguments, in order
 * @param force           {@code -f}: untag in-use images and delete their data where the engine keeps
 *                        the containers; never removes a container
 * @param withContainers  {@code --with-containers}: remove the containers that use the images first
 *                        (running ones only together with {@code force})
 */
public record RemovalRequest(List<String> targets, boolean force, boolean withContainers) {
    public RemovalRequest {
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    }
}
