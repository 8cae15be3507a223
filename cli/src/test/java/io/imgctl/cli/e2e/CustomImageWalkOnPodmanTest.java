package io.imgctl.cli.e2e;

class CustomImageWalkOnPodmanTest extends CustomImageWalk {

    @Override
    String engine() {
        return "podman";
    }

    @Override
    String baseImage() {
        return "localhost:5000/imgctl/base:1";
    }

    @Override
    String commitHistoryComment(String message) {
        return "FROM " + baseImage();
    }
}
