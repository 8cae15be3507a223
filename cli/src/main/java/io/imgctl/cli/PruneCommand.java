package io.imgctl.cli;

import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Sizes;
import io.imgctl.domain.removal.Outcome;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.policy.AgeBasis;
import io.imgctl.domain.removal.policy.Ages;
import io.imgctl.domain.removal.policy.InvalidPolicyException;
import io.imgctl.domain.removal.policy.PrunePolicy;
import io.imgctl.domain.removal.policy.SizeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove images (and stopped containers) by policy: one plan, then exactly that plan.",
            "Without a selecting option, removes dangling images. A keep from any rule wins; images in use are kept whole;"
                + " force is never used."})
final class PruneCommand extends Subcommand {

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "table|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format = Format.TABLE;

    @Option(names = "--dangling", description = "Untagged images with no child images (the default).")
    boolean dangling;

    @Option(names = "--unused", description = "Images no container uses, in any state.")
    boolean unused;

    @Option(names = "--older-than", paramLabel = "D", description = "Images older than D by the age basis (10m, 24h, 7d, 2w).")
    String olderThan;

    @Option(names = "--age-basis", paramLabel = "created|pulled|last-used",
            description = "What age is measured from (default: the later of pulled and last used).")
    String ageBasis;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest images of each repository (by the age basis).")
    Integer keepLast;

    @Option(names = "--keep", paramLabel = "PATTERN", description = "Keep images with a tag matching this glob, or this image ID (repeatable).")
    List<String> keep = new ArrayList<>();

    @Option(names = "--until-size", paramLabel = "BYTES|N%",
            description = "Least recently used first, until the store is at most this size (500MB, 2GB, or N% of its size now).")
    String untilSize;

    @Option(names = "--containers-exited-for", paramLabel = "D",
            description = "Remove stopped containers that exited at least D ago (never-started ones: created D ago).")
    String containersExitedFor;

    @Option(names = "--min-age", paramLabel = "D", description = "Grace: touch nothing younger than D by the age basis.")
    String minAge;

    @Option(names = "--filter", paramLabel = "reference=PATTERN|label=K[=V]", description = "Prune only within this scope (repeatable).")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        PrunePolicy policy = policy();
        RemovalReport report;
        try {
            report = use(PruneUseCase.class).prune(policy, dryRun);
        } catch (RemovalInterruptedException stopped) {
            print(stopped.report());
            return RemovalOutput.printStopped(stopped, err(), session().verbose());
        }
        print(report);
        return report.exitCode();
    }

    private void print(RemovalReport report) {
        if (format == Format.JSON) {
            Json.print(out(), JsonViews.removal(report));
        } else if (report.dryRun()) {
            RemovalOutput.printPlan(report, out(), err());
        } else {
            long reclaimed = 0;
            for (Outcome outcome : report.outcomes()) {
                if (outcome instanceof Outcome.Done done) {
                    RemovalOutput.records(done).forEach(out()::println);
                    reclaimed += done.action().bytes();
                } else if (outcome instanceof Outcome.Failed failed && !RemovalInterruptedException.cutShort(outcome)) {
                    err().println(RemovalOutput.daemonError(failed.detail()));
                } else if (outcome instanceof Outcome.Skipped skipped) {
                    err().println("Note: skipped " + skipped.action().kind() + " " + skipped.action().target()
                            + " because " + skipped.detail());
                }
            }
            out().println("Total reclaimed space: " + Sizes.human(reclaimed));
        }
    }

    PrunePolicy policy() {
        try {
            PrunePolicy p = new PrunePolicy(dangling, unused, Optional.ofNullable(olderThan).map(Ages::parse),
                    ageBasis == null ? AgeBasis.PULLED_OR_USED : AgeBasis.parse(ageBasis),
                    keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast), keep,
                    Optional.ofNullable(untilSize).map(SizeTarget::parse),
                    Optional.ofNullable(containersExitedFor).map(Ages::parse),
                    Optional.ofNullable(minAge).map(Ages::parse), filters);
            if (p.ageBasis() == AgeBasis.PULLED_OR_USED && ageBasis != null) {
                throw new InvalidPolicyException(ageBasis, "invalid age basis \"" + ageBasis
                        + "\": use created, pulled or last-used");
            }
            return p;
        } catch (InvalidPolicyException e) {
            throw new InvalidInputException(e.input(), e.getMessage());
        }
    }
}
