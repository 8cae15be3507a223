package io.imgctl.cli;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.RemovalInterruptedException;
import io.imgctl.domain.removal.RemovalReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove containers by name or ID prefix.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl rm web",
            "  imgctl rm -f web 5eb6d34d52af"})
final class RmCommand extends Subcommand {

    @Option(names = {"-f", "--force"}, description = "Stop a running container first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names or ID prefixes.")
    List<String> containers;

    @Override
    public Integer call() {
        RemovalReport report;
        try {
            report = use(ContainerCommands.class).removeContainers(containers, force);
        } catch (RemovalInterruptedException stopped) {
            RemovalOutput.printRemovedContainers(stopped.report(), containers, out(), err());
            return RemovalOutput.printStopped(stopped, err(), session().verbose());
        }
        RemovalOutput.printRemovedContainers(report, containers, out(), err());
        return report.exitCode();
    }
}
