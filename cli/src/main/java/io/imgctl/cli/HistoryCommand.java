package io.imgctl.cli;

import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Texts;
import io.imgctl.domain.image.Image;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show an image's layers, newest first, with the other local images that share each one.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl history node:alpine3.13",
            "  imgctl history node:alpine3.13 --format json"})
final class HistoryCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A reference or ID prefix.")
    String image;

    @Option(names = "--no-trunc", description = "Full IDs and CREATED BY.")
    boolean noTrunc;

    @Mixin
    FormatOption format = new FormatOption();

    @Override
    public Integer call() {
        ImageQueries queries = use(ImageQueries.class);
        List<LayerView> layers = queries.history(image);
        if (format.json(session())) {
            Json.print(out(), layers.stream().map(JsonViews::layer).toList());
            return ExitCodes.OK;
        }
        // As docker history shows a pulled image: its ID on the newest layer, <missing> below it.
        Image found = queries.inspect(image);
        String id = Texts.imageId(found.id(), noTrunc);
        LayerTable.of(layers, "IMAGE", i -> i == 0 ? id : "<missing>", noTrunc, session().now()).print(out());
        return ExitCodes.OK;
    }
}
