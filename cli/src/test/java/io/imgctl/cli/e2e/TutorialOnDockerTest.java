package io.imgctl.cli.e2e;

/** The tutorial end to end on the Docker Engine, checked with the {@code docker} CLI. */
class TutorialOnDockerTest extends TutorialOnRealEngine {

    @Override
    String engine() {
        return "docker";
    }

    @Override
    String[] cliCandidates() {
        return new String[] {"/usr/local/bin/docker", "/usr/bin/docker"};
    }

    /** Docker deletes the image and leaves its stopped containers orphaned, showing the image ID. */
    @Override
    boolean forceDeletesImageInUse() {
        return true;
    }
}
