package io.imgctl.application.port.out;

/** Receives progress while an image is pulled or pushed. Called on the calling thread. */
@FunctionalInterface
public interface PullListener {

    PullListener IGNORE = event -> { };

    void onEvent(PullEvent event);
}
