package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Make a new image from a container's changes and tag it; prints the new image ID.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl commit work localhost:5000/me/greeter:1",
            "  imgctl commit -m 'add greeting' -a 'Me <me@example.com>' work me/greeter:2",
            "  imgctl commit -c 'CMD [\"cat\", \"/greeting\"]' work me/greeter:3"})
final class CommitCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "A name or ID prefix.")
    String container;

    @Parameters(index = "1", paramLabel = "REF", description = "The new image's reference.")
    String reference;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "Commit message (the new layer's history comment).")
    String message;

    @Option(names = {"-a", "--author"}, paramLabel = "TEXT", description = "Author, e.g. \"Jane <jane@example.com>\".")
    String author;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the new image: CMD, ENTRYPOINT, ENV, LABEL, WORKDIR, USER"
                    + " or EXPOSE, e.g. --change 'CMD [\"cat\", \"/greeting\"]'. Repeatable.")
    List<String> changes = new ArrayList<>();

    @Override
    public Integer call() {
        out().println(use(ImageCommands.class).commit(container, reference, Optional.ofNullable(message),
                Optional.ofNullable(author), changes));
        return ExitCodes.OK;
    }
}
