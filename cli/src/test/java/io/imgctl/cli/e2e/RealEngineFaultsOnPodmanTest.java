package io.imgctl.cli.e2e;

import io.imgctl.cli.e2e.FaultProxy.RequestHead;
import java.nio.file.Path;

/**
 * {@link RealEngineFaults} on Podman's service, through proxies in front of {@code /run/podman/podman.sock};
 * the {@code podman} CLI, run as root, reads the same store.
 */
class RealEngineFaultsOnPodmanTest extends RealEngineFaults {

    @Override
    String engine() {
        return "podman";
    }

    @Override
    String[] cliCandidates() {
        return new String[] {"/usr/bin/podman", "/usr/local/bin/podman"};
    }

    @Override
    Path engineSocket() {
        return Path.of("/run/podman/podman.sock");
    }

    @Override
    boolean createsAContainer(RequestHead request) {
        return request.is("POST", "/libpod/containers/create$");
    }
}
