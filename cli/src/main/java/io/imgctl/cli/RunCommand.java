package io.imgctl.cli;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.RunResult;
import io.imgctl.cli.output.PullProgress;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Create and start a new container from an image, pulling the image first when it is missing.",
            "Exits with the container's exit code; with -d prints the container ID."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl run alpine:3.13 echo hi",
            "  imgctl run -d --name web nginx:alpine",
            "  imgctl run --name work alpine:3.13 sh -c 'exit 3'"})
final class RunCommand extends Subcommand {

    @Option(names = "--name", paramLabel = "NAME", description = "The container's name (default: a generated adjective_name).")
    String name;

    @Option(names = {"-d", "--detach"}, description = "Start it in the background and print its ID.")
    boolean detach;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (reference or ID).")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command to run instead of the image's default.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        String shown = shownName(image);
        PullProgress progress = new PullProgress(err(), session().interactive(), label(image))
                .beforeFirstEvent(() -> err().println("Unable to find image '" + shown + "' locally"));
        RunResult result = use(ContainerCommands.class).run(
                new io.imgctl.application.port.in.RunCommand(image, Optional.ofNullable(name), detach, command),
                progress);
        result.pulled().ifPresent(progress::finish);
        if (detach) {
            out().println(result.container().id());
            return ExitCodes.OK;
        }
        String output = result.output();
        out().print(output);
        if (!output.isEmpty() && !output.endsWith("\n")) {
            out().println();
        }
        return result.container().exitCode();
    }

    /** {@code hello-world:latest}, as Docker names a missing image; the text itself when it is an ID. */
    private static String shownName(String image) {
        try {
            return ImageReference.parse(image).withDefaultTag().familiar();
        } catch (InvalidReferenceException notAReference) {
            return image;
        }
    }

    private static String label(String image) {
        try {
            return PullCommand.label(ImageReference.parse(image));
        } catch (InvalidReferenceException notAReference) {
            return "";
        }
    }
}
