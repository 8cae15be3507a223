package io.imgctl.cli;

import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Table;
import io.imgctl.domain.image.ImageReference;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ref", mixinStandardHelpOptions = true,
        description = "Parse and normalise an image reference as Docker does, without any engine.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl ref alpine",
            "  imgctl ref localhost:5000/me/app:1 --format json"})
final class RefCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "REF", description = "e.g. alpine, alpine:3.13, localhost:5000/demo/app@sha256:...")
    String reference;

    @Mixin
    FormatOption format = new FormatOption();

    @Override
    public Integer call() {
        Map<String, Object> view = JsonViews.reference(parseReference(reference));
        if (format.json(session())) {
            Json.print(out(), view);
            return ExitCodes.OK;
        }
        Table table = new Table("FIELD", "VALUE");
        view.forEach((k, v) -> table.row(k, v == null ? "<none>" : v.toString()));
        table.print(out());
        return ExitCodes.OK;
    }
}
