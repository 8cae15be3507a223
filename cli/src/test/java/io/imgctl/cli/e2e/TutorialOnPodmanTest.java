package io.imgctl.cli.e2e;

import java.util.Optional;

/**
 * The tutorial end to end on Podman's service, checked with the {@code podman} CLI, which as root
 * reads the same store as the rootful service.
 */
class TutorialOnPodmanTest extends TutorialOnRealEngine {

    @Override
    String engine() {
        return "podman";
    }

    @Override
    String[] cliCandidates() {
        return new String[] {"/usr/bin/podman", "/usr/local/bin/podman"};
    }

    /** Podman's own rmi -f would remove the containers; imgctl untags and keeps the data instead. */
    @Override
    boolean forceDeletesImageInUse() {
        return false;
    }

    @Override
    Optional<String> storeProblem() {
        String user = System.getProperty("user.name");
        return "root".equals(user) ? Optional.empty()
                : Optional.of("the podman CLI reads the rootful service's store only as root (running as " + user + ")");
    }
}
