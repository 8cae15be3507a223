package io.imgctl.cli.e2e;

import io.imgctl.cli.e2e.FaultProxy.RequestHead;
import java.nio.file.Path;

/** {@link RealEngineFaults} on Docker Engine, through proxies in front of {@code /var/run/docker.sock}. */
class RealEngineFaultsOnDockerTest extends RealEngineFaults {

    @Override
    String engine() {
        return "docker";
    }

    @Override
    String[] cliCandidates() {
        return new String[] {"/usr/local/bin/docker", "/usr/bin/docker"};
    }

    @Override
    Path engineSocket() {
        return Path.of("/var/run/docker.sock");
    }

    @Override
    boolean createsAContainer(RequestHead request) {
        return request.is("POST", "^(/v[0-9.]+)?/containers/create$");
    }
}
