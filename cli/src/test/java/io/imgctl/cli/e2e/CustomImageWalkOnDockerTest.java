package io.imgctl.cli.e2e;

class CustomImageWalkOnDockerTest extends CustomImageWalk {

    @Override
    String engine() {
        return "docker";
    }

    @Override
    String baseImage() {
        return "localhost:5000/imgctl/base:1";
    }
}
