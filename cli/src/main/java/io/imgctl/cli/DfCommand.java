package io.imgctl.cli;

import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Sizes;
import io.imgctl.cli.output.Table;
import io.imgctl.cli.output.Texts;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.store.DiskUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "df", mixinStandardHelpOptions = true,
        description = {"Show disk use, each layer counted once, and what removing unused images would free.",
            "Per image: its size, the part it shares with other images, the part only it holds, its containers."})
final class DfCommand extends Subcommand {

    @Option(names = "--format", paramLabel = "table|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format = Format.TABLE;

    @Override
    public Integer call() {
        DiskUsage usage = use(DiskUsageQuery.class).diskUsage();
        if (format == Format.JSON) {
            Json.print(out(), JsonViews.diskUsage(usage));
            return ExitCodes.OK;
        }
        long active = usage.images().stream().filter(i -> i.containers() > 0).count();
        new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE")
                .row("Images", Integer.toString(usage.images().size()), Long.toString(active),
                        Sizes.human(usage.totalSize()), reclaimable(usage))
                .row("Layers", Integer.toString(usage.layers()), "", Sizes.human(usage.totalSize()), "")
                .row("Containers", Integer.toString(usage.containers()), "", Sizes.human(usage.containersSize()), "")
                .print(out());
        out().println();
        out().println("Images space usage:");
        out().println();
        Table images = new Table("REPOSITORY", "TAG", "IMAGE ID", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS");
        for (DiskUsage.ImageUsage image : usage.images()) {
            ImageReference first = image.tags().isEmpty() ? null : image.tags().get(0);
            images.row(first == null ? Texts.NONE : first.familiarName(),
                    first == null ? Texts.NONE : first.tag().orElse(Texts.NONE),
                    image.id().shortId(),
                    Sizes.human(image.size()),
                    Sizes.human(image.sharedSize()),
                    Sizes.human(image.uniqueSize()),
                    Integer.toString(image.containers()));
        }
        images.print(out());
        return ExitCodes.OK;
    }

    /** {@code 7.05MB (8%)}, as docker system df words it. */
    static String reclaimable(DiskUsage usage) {
        String size = Sizes.human(usage.reclaimableBytes());
        return usage.totalSize() > 0 ? size + " (" + (100 * usage.reclaimableBytes() / usage.totalSize()) + "%)" : size;
    }
}
