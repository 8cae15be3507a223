package io.imgctl.cli;

import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print one image in full as a JSON object: id, tags, digests, created, size, parent, config, layers.")
final class InspectCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A reference or ID prefix.")
    String image;

    @Override
    public Integer call() {
        Json.print(out(), JsonViews.inspect(use(ImageQueries.class).inspect(image)));
        return ExitCodes.OK;
    }
}
