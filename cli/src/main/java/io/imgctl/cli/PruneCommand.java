package io.imgctl.cli;

import io.imgctl.application.port.in.InvalidInputException;
import io.imgctl.application.port.in.PruneUseCase;
import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.cli.config.PolicyOptions;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove images (and stopped containers) by policy: one plan, then exactly that plan.",
            "Without a selecting option, removes dangling images. A keep from any rule wins; images in use are kept whole;"
                + " force is never used."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl prune --dry-run",
            "  imgctl prune --unused --keep 'nginx:*' --dry-run",
            "  imgctl prune --older-than 7d --keep-last 2 --min-age 1h",
            "  imgctl prune --until-size 2GB --containers-exited-for 24h",
            "  imgctl prune --policy nightly --dry-run --format json"})
final class PruneCommand extends Subcommand {

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--policy", paramLabel = "NAME",
            description = "Start from the policy NAME under \"policies\" in the config file; options given here win"
                    + " (--keep adds to its keeps).")
    String policyName;

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
            description = "Least recently used first, until the store is at most this size (500MB, 2GB, or N%% of its size now).")
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
        if (format.json(session())) {
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

    /**
     * The options given, over the named policy's ({@code --policy}): a value given on the command line
     * replaces the policy's ({@code --filter} too, since filters of one key widen each other), {@code --keep}
     * patterns are added to the policy's (a keep only ever protects more), and {@code --dangling} and
     * {@code --unused} add to what the policy selects.
     */
    PrunePolicy policy() {
        Optional<PolicyOptions> named = Optional.ofNullable(policyName).map(name -> session().config().policy(name));
        List<String> keeps = new ArrayList<>(named.map(PolicyOptions::keep).orElse(List.of()));
        keeps.addAll(keep);
        List<String> scope = filters.isEmpty() ? named.map(PolicyOptions::filters).orElse(List.of()) : filters;
        boolean selectDangling = dangling || named.map(PolicyOptions::dangling).orElse(false);
        boolean selectUnused = unused || named.map(PolicyOptions::unused).orElse(false);
        Optional<String> older = given(olderThan, named.flatMap(PolicyOptions::olderThan));
        Optional<String> basis = given(ageBasis, named.flatMap(PolicyOptions::ageBasis));
        OptionalInt last = keepLast != null ? OptionalInt.of(keepLast)
                : named.map(PolicyOptions::keepLast).orElse(OptionalInt.empty());
        Optional<String> size = given(untilSize, named.flatMap(PolicyOptions::untilSize));
        Optional<String> exited = given(containersExitedFor, named.flatMap(PolicyOptions::containersExitedFor));
        Optional<String> grace = given(minAge, named.flatMap(PolicyOptions::minAge));
        if (named.isPresent() && session().verbose()) {
            err().println("imgctl: prune policy \"" + policyName + "\" from " + session().config().location() + " with"
                    + " the command line's options: " + describe(selectDangling, selectUnused, older, basis, last, keeps,
                    size, exited, grace, scope));
        }
        try {
            PrunePolicy p = new PrunePolicy(selectDangling, selectUnused, older.map(Ages::parse),
                    basis.map(AgeBasis::parse).orElse(AgeBasis.PULLED_OR_USED), last, keeps,
                    size.map(SizeTarget::parse), exited.map(Ages::parse), grace.map(Ages::parse), scope);
            if (p.ageBasis() == AgeBasis.PULLED_OR_USED && basis.isPresent()) {
                throw new InvalidPolicyException(basis.get(), "invalid age basis \"" + basis.get()
                        + "\": use created, pulled or last-used");
            }
            return p;
        } catch (InvalidPolicyException e) {
            throw new InvalidInputException(e.input(), e.getMessage());
        }
    }

    private static Optional<String> given(String option, Optional<String> fromPolicy) {
        return option != null ? Optional.of(option) : fromPolicy;
    }

    /** The options as they would be typed, for {@code --verbose}. */
    private static String describe(boolean dangling, boolean unused, Optional<String> older, Optional<String> basis,
                                   OptionalInt last, List<String> keeps, Optional<String> size, Optional<String> exited,
                                   Optional<String> grace, List<String> scope) {
        List<String> words = new ArrayList<>();
        if (dangling) {
            words.add("--dangling");
        }
        if (unused) {
            words.add("--unused");
        }
        older.ifPresent(v -> words.add("--older-than " + v));
        basis.ifPresent(v -> words.add("--age-basis " + v));
        last.ifPresent(v -> words.add("--keep-last " + v));
        keeps.forEach(v -> words.add("--keep " + v));
        size.ifPresent(v -> words.add("--until-size " + v));
        exited.ifPresent(v -> words.add("--containers-exited-for " + v));
        grace.ifPresent(v -> words.add("--min-age " + v));
        scope.forEach(v -> words.add("--filter " + v));
        return words.isEmpty() ? "(none: dangling images)" : String.join(" ", words);
    }
}
