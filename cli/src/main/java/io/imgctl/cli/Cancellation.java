package io.imgctl.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * How a running command is cut off from outside: the resident server cancels a command whose client
 * went away (Ctrl-C kills the client), as the end of its JVM cuts off a command that runs in a JVM of
 * its own. Cancelling runs what the command registered (closing its engine's connections, so a call
 * blocked on the engine ends), once; what registers after that runs at once.
 */
final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code action} when cancelled, or now if already cancelled. */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // cutting off is best effort: the command's thread is interrupted as well
            }
        }
    }

    synchronized boolean cancelled() {
        return cancelled;
    }
}
