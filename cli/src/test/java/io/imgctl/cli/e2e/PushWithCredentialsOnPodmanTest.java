package io.imgctl.cli.e2e;

class PushWithCredentialsOnPodmanTest extends PushWithCredentials {

    @Override
    String engine() {
        return "podman";
    }
}
