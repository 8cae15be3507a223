package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Make a new image from a container's changes and tag it; prints the new image ID.")
final class CommitCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "A name or ID prefix.")
    String container;

    @Parameters(index = "1", paramLabel = "REF", description = "The new image's reference.")
    String reference;

    @Override
    public Integer call() {
        out().println(use(ImageCommands.class).commit(container, reference));
        return ExitCodes.OK;
    }
}
