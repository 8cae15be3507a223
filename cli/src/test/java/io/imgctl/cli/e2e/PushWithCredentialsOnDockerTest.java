package io.imgctl.cli.e2e;

class PushWithCredentialsOnDockerTest extends PushWithCredentials {

    @Override
    String engine() {
        return "docker";
    }
}
