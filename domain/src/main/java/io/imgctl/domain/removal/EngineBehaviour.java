package io.imgctl.domain.removal;

/**
 * How an engine treats an image that containers still use; the planner adapts each plan to it so
 * that the same command keeps the same guarantees on every engine.
 *
 * @param canOrphanContainers whether the engine can delete an image's data while stopped containers
 *                            created from it are kept (Docker: yes; Podman: no, its forced removal
 *                            deletes the containers too, which imgctl never lets happen)
 */
public record EngineBehaviour(boolean canOrphanContainers) {

    public static final EngineBehaviour DOCKER = new EngineBehaviour(true);
    public static final EngineBehaviour PODMAN = new EngineBehaviour(false);
}
