package io.imgctl.cli.output;

import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows pull (and push) progress on stderr the way the Docker CLI does.
 *
 * <p>On a terminal every layer has one line, updated in place: the cursor moves up to the layer's
 * line ({@code ESC[nA}), the line is cleared ({@code ESC[2K}) and redrawn with a 50-column bar and
 * byte counts, and the cursor moves back down ({@code ESC[nB}). A line without a layer starts a new
 * block. Elsewhere (a pipe, {@code NO_COLOR}, {@code --no-color}) each layer prints one plain line
 * per change of state ({@code a1b2c3d4e5f6: Pull complete}) and never an escape sequence.
 *
 * <p>{@code Digest:} and {@code Status:} lines come from {@link #finish(PullResult)}, not from the
 * engine's events, so they appear once whatever the engine reports.
 */
public final class PullProgress implements PullListener {

    private static final String ESC = "\u001b[";
    private static final int BAR_WIDTH = 50;

    private final PrintStream err;
    private final boolean interactive;
    private final String tag;
    private final List<String> block = new ArrayList<>();
    private final Map<String, Integer> lineOf = new HashMap<>();
    private final Map<String, String> lastStatus = new HashMap<>();
    private Runnable beforeFirstEvent;

    /**
     * @param tag the tag being pulled, to print {@code 3.13: Pulling from library/alpine} when the
     *            engine reports {@code Pulling from library/alpine} alone
     */
    public PullProgress(PrintStream err, boolean interactive, String tag) {
        this.err = err;
        this.interactive = interactive;
        this.tag = tag;
    }

    /** Runs once, just before the first event is shown ({@code run} prints "Unable to find image" there). */
    public PullProgress beforeFirstEvent(Runnable action) {
        this.beforeFirstEvent = action;
        return this;
    }

    /** Whether any event has been shown (or the header printed). */
    public boolean started() {
        return beforeFirstEvent == null;
    }

    /** Prints the header registered with {@link #beforeFirstEvent} if no event did so yet. */
    public void start() {
        if (beforeFirstEvent != null) {
            Runnable r = beforeFirstEvent;
            beforeFirstEvent = null;
            r.run();
        }
    }

    @Override
    public void onEvent(PullEvent event) {
        String status = event.status();
        if (event.layer().isEmpty() && (status.startsWith("Digest:") || status.startsWith("Status:"))) {
            return;
        }
        start();
        if (event.layer().isEmpty()) {
            block.clear();
            lineOf.clear();
            err.println(status.startsWith("Pulling from ") && !tag.isEmpty() ? tag + ": " + status : status);
            return;
        }
        String id = event.layer().get();
        if (interactive) {
            draw(id, id + ": " + status + progress(event));
        } else if (!status.equals(lastStatus.put(id, status))) {
            err.println(id + ": " + status);
        }
    }

    private void draw(String id, String text) {
        Integer index = lineOf.get(id);
        if (index == null) {
            lineOf.put(id, block.size());
            block.add(id);
            err.print(text + "\n");
        } else {
            int up = block.size() - index;
            err.print(ESC + up + "A" + "\r" + ESC + "2K" + text + "\r" + ESC + up + "B");
        }
        err.flush();
    }

    /** Docker's progress box: {@code [=====>      ]   1.245MB/2.8MB}. */
    static String progress(PullEvent event) {
        if (event.total() <= 0) {
            return "";
        }
        long current = Math.min(Math.max(event.current(), 0), event.total());
        int filled = (int) ((double) BAR_WIDTH * current / event.total());
        String bar = "[" + "=".repeat(filled) + ">" + " ".repeat(BAR_WIDTH - filled) + "] ";
        String numbers = String.format("%8s/%s", Sizes.human(current, 4), Sizes.human(event.total(), 4));
        return " " + bar + numbers;
    }

    /** {@code Digest: sha256:...} and {@code Status: Downloaded newer image for alpine:3.13}. */
    public void finish(PullResult result) {
        start();
        result.digest().ifPresent(d -> err.println("Digest: " + d));
        String what = result.reference().familiar();
        err.println(result.downloaded()
                ? "Status: Downloaded newer image for " + what
                : "Status: Image is up to date for " + what);
    }
}
