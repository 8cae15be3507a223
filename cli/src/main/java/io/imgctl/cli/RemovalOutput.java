package io.imgctl.cli;

import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.cli.output.Sizes;
import io.imgctl.cli.output.Table;
import io.imgctl.domain.removal.EngineRecord;
import io.imgctl.domain.removal.Kept;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.Refusal;
import io.imgctl.domain.removal.RemovalAction;
import io.imgctl.domain.removal.RemovalReport;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints a removal report in the engine's words: {@code Untagged: alpine:3.13} and
 * {@code Deleted: sha256:...} on stdout; on stderr, what the engine refused while acting as
 * {@code Error response from daemon: ...}, what imgctl's own plan refused as {@code Error: ...}
 * (it never reached the engine), skipped actions and kept items as notes; a dry run as its plan.
 */
final class RemovalOutput {

    static final String DAEMON_ERROR = "Error response from daemon: ";

    private RemovalOutput() {
    }

    /** {@code rmi}: the engine's records for every action done. */
    static void printExecuted(RemovalReport report, PrintStream out, PrintStream err) {
        for (Outcome outcome : report.outcomes()) {
            if (outcome instanceof Outcome.Done done) {
                records(done).forEach(out::println);
            }
        }
        printProblems(report, err);
    }

    /** {@code rm}: the name or ID the user gave for each container removed, as {@code docker rm} does. */
    static void printRemovedContainers(RemovalReport report, List<String> args, PrintStream out, PrintStream err) {
        for (Outcome outcome : report.outcomes()) {
            if (outcome instanceof Outcome.Done && outcome.action() instanceof RemovalAction.RemoveContainer rc) {
                out.println(args.stream()
                        .filter(a -> a.equals(rc.name()) || (!a.isEmpty() && rc.containerId().startsWith(a)))
                        .findFirst()
                        .orElse(rc.name()));
            }
        }
        printProblems(report, err);
    }

    /** {@code --dry-run}: the plan, one action per row with its size and reason, then what it would free. */
    static void printPlan(RemovalReport report, PrintStream out, PrintStream err) {
        Table table = new Table("ACTION", "TARGET", "SIZE", "REASON");
        for (RemovalAction action : report.plan().actions()) {
            table.row(action.kind(), shortTarget(action), Sizes.human(action.bytes()), action.reason());
        }
        for (Kept kept : report.plan().kept()) {
            String target = kept.target().startsWith("sha256:") && kept.target().length() > 19
                    ? kept.target().substring(7, 19) : kept.target();
            table.row("keep", target, "", kept.reason());
        }
        if (table.size() > 0) {
            table.print(out);
        }
        out.println("Would reclaim " + Sizes.human(report.plan().reclaimedBytes()));
        for (Refusal refusal : report.plan().refusals()) {
            err.println(planError(refusal.message()));
        }
    }

    /**
     * A plan the engine stopped in the middle of: what was done has been printed as usual; the actions
     * it cut short get no line each but the one {@code Error:} line that names them and the engine's
     * failure (with the stack trace under {@code --verbose}). Exit code 3, as for any unreachable engine.
     */
    static int printStopped(RemovalInterruptedException stopped, PrintStream err, boolean verbose) {
        err.println("Error: " + ExitCodes.message(stopped));
        if (verbose) {
            stopped.printStackTrace(err);
        }
        return ExitCodes.of(stopped);
    }

    private static void printProblems(RemovalReport report, PrintStream err) {
        for (Outcome outcome : report.outcomes()) {
            if (RemovalInterruptedException.cutShort(outcome)) {
                continue; // said once, in printStopped's line
            }
            if (outcome instanceof Outcome.Failed failed) {
                err.println(daemonError(failed.detail()));
            } else if (outcome instanceof Outcome.Skipped skipped) {
                err.println("Note: skipped " + skipped.action().kind() + " " + skipped.action().target()
                        + " because " + skipped.detail());
            }
        }
        for (Refusal refusal : report.plan().refusals()) {
            err.println(planError(refusal.message()));
        }
        for (Kept kept : report.plan().kept()) {
            err.println("Note: kept " + kept.target() + ": " + kept.reason());
        }
    }

    /** The lines an action printed: the engine's own records when it gave some, else Docker's wording. */
    static List<String> records(Outcome.Done done) {
        if (!done.records().isEmpty()) {
            return done.records().stream().map(EngineRecord::toString).toList();
        }
        if (done.deletedWith().isPresent()) {
            return List.of(); // printed with the earlier action
        }
        RemovalAction action = done.action();
        if (action instanceof RemovalAction.Untag) {
            return List.of("Untagged: " + action.target());
        } else if (action instanceof RemovalAction.DeleteImage delete) {
            return List.of("Deleted: " + delete.imageId());
        } else {
            return List.of("Removed container: " + action.target());
        }
    }

    private static String shortTarget(RemovalAction action) {
        return action instanceof RemovalAction.DeleteImage delete ? delete.imageId().shortId() : action.target();
    }

    /** A failure the engine reported while acting. */
    static String daemonError(String message) {
        return firstLine(message.startsWith("Error") ? message : DAEMON_ERROR + message);
    }

    /** A target the plan refused: imgctl's own decision, made before any engine call. */
    static String planError(String message) {
        return firstLine(message.startsWith("Error") ? message : "Error: " + message);
    }

    private static String firstLine(String line) {
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }
}
