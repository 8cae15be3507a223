package io.imgctl.domain.removal;

/**
 * How an engine treats an image that containers still use, and how it names local images; the
 * planner adapts each plan to it so that the same command keeps the same guarantees on every engine.
 *
 * @param canOrphanContainers whether the engine can delete an image's data while stopped containers
 *                            created from it are kept (Docker: yes; Podman: no, its forced removal
 *                            deletes the containers too, which imgctl never lets happen)
 * @param localShortNames     whether the engine names images tagged under a short name
 *                            {@code localhost/NAME} (Podman), so that a short name the user types finds
 *                            {@code localhost/NAME} when no {@code docker.io/NAME} exists
 *                            ({@link io.imgctl.domain.image.ImageReference#localhostAlias})
 */
public record EngineBehaviour(boolean canOrphanContainers, boolean localShortNames) {

    public static final EngineBehaviour DOCKER = new EngineBehaviour(true, false);
    public static final EngineBehaviour PODMAN = new EngineBehaviour(false, true);
}
