package io.imgctl.cli;

import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.application.port.in.RemoveImagesUseCase;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.domain.removal.RemovalReport;
import io.imgctl.domain.removal.RemovalRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rmi", mixinStandardHelpOptions = true,
        description = {"Remove images by reference or ID prefix: plan first, then act on exactly that plan.",
            "An image that a container uses is refused unless -f (its tags go, the containers stay) "
                + "or --with-containers (those containers go first)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl rmi alpine:3.13",
            "  imgctl rmi --dry-run --with-containers -f nginx:alpine",
            "  imgctl rmi -f cd678b0e3ab9 --format json"})
final class RmiCommand extends Subcommand {

    @Option(names = {"-f", "--force"},
            description = "Untag in-use images and delete their data where the engine keeps the containers; never removes a container.")
    boolean force;

    @Option(names = "--with-containers", description = "Remove the containers that use the images first (running ones only with -f).")
    boolean withContainers;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Mixin
    FormatOption format = new FormatOption();

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "References or ID prefixes.")
    List<String> images;

    @Override
    public Integer call() {
        RemovalReport report;
        try {
            report = use(RemoveImagesUseCase.class).removeImages(new RemovalRequest(images, force, withContainers), dryRun);
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
            RemovalOutput.printExecuted(report, out(), err());
        }
    }
}
