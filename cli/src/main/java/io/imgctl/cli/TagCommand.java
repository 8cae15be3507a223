package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tag", mixinStandardHelpOptions = true, description = "Give an image another name (TARGET).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl tag alpine:3.13 localhost:5000/me/alpine:3.13"})
final class TagCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A reference or ID prefix.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new reference, e.g. localhost:5000/demo/app:1.0.")
    String target;

    @Override
    public Integer call() {
        use(ImageCommands.class).tag(source, target);
        return ExitCodes.OK;
    }
}
