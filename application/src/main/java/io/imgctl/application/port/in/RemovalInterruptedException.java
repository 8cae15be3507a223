package io.imgctl.application.port.in;

import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalReport;
import java.util.Objects;

/**
 * The engine stopped answering while a removal plan ({@code rmi}, {@code rm}, {@code prune}) was being
 * carried out, so the rest of the plan was not attempted. {@link #report()} says what became of every
 * action: {@code done} for those the engine confirmed before it stopped, {@code failed} for the one it
 * stopped in the middle of (not confirmed) and for those never attempted (not done). Like any
 * unreachable engine it is exit code 3; the message is one line.
 */
public class RemovalInterruptedException extends EngineUnavailableException {

    private static final long serialVersionUID = 1L;

    /** How a {@code failed} outcome's detail starts, in the output, for the action the engine stopped in the middle of. */
    public static final String NOT_CONFIRMED = "not confirmed: the engine stopped answering while doing it: ";
    /** How a {@code failed} outcome's detail starts for an action that was never attempted. */
    public static final String NOT_DONE = "not done: the engine stopped answering before it: ";

    private final transient RemovalReport report;

    public RemovalInterruptedException(String message, RemovalReport report, EngineUnavailableException cause) {
        super(message, cause);
        this.report = Objects.requireNonNull(report, "report");
    }

    /** Every planned action with what became of it. */
    public RemovalReport report() {
        return report;
    }

    /** Whether this outcome is one the stop cut short (not confirmed or not done), not an earlier failure. */
    public static boolean cutShort(Outcome outcome) {
        return outcome instanceof Outcome.Failed failed && failed.cutShort();
    }
}
