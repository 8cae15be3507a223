package io.imgctl.cli;

import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.LayerView;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Texts;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Show an image's layers by diff ID, newest first, with the other local images that share each one.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl layers node:alpine3.13",
            "  imgctl layers alpine:3.13 --format json"})
final class LayersCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A reference or ID prefix.")
    String image;

    @Option(names = "--no-trunc", description = "Full diff IDs and CREATED BY.")
    boolean noTrunc;

    @Mixin
    FormatOption format = new FormatOption();

    @Override
    public Integer call() {
        List<LayerView> layers = use(ImageQueries.class).history(image);
        if (format.json(session())) {
            Json.print(out(), layers.stream().map(JsonViews::layer).toList());
            return ExitCodes.OK;
        }
        LayerTable.of(layers, "LAYER", i -> {
            String diffId = layers.get(i).layer().diffId().toString();
            return noTrunc ? diffId : Texts.truncateId(diffId);
        }, noTrunc, session().now()).print(out());
        return ExitCodes.OK;
    }
}
