package io.imgctl.cli;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.DiskUsageQuery;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.cli.output.ContainerStatus;
import io.imgctl.cli.output.Durations;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Sizes;
import io.imgctl.cli.output.Table;
import io.imgctl.cli.output.Texts;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.store.DiskUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "df", mixinStandardHelpOptions = true,
        description = {"Show disk use, each layer counted once, and what removing unused images would free.",
            "Per image: its size, the part it shares with other images, the part only it holds, its containers."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl df",
            "  imgctl df -v",
            "  imgctl --engine docker df --format json"})
final class DfCommand extends Subcommand {

    @Mixin
    FormatOption format = new FormatOption();

    @Option(names = {"-v", "--verbose"},
            description = "Also each container with the size of its writable layer (docker system df -v).")
    boolean verbose;

    @Override
    public Integer call() {
        DiskUsage usage = use(DiskUsageQuery.class).diskUsage();
        List<Container> containers = verbose ? containersWithSizes() : List.of();
        if (format.json(session())) {
            Map<String, Object> json = JsonViews.diskUsage(usage);
            if (verbose) {
                json.put("containersUsage", containers.stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", c.id());
                    m.put("name", c.name());
                    m.put("image", c.image());
                    m.put("state", c.state().wireName());
                    m.put("sizeRw", c.sizeRw());
                    return m;
                }).toList());
            }
            Json.print(out(), json);
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
        if (verbose) {
            out().println();
            out().println("Containers space usage:");
            out().println();
            Instant now = session().now();
            Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "SIZE", "CREATED", "STATUS", "NAMES");
            for (Container c : containers) {
                String image = c.image().startsWith("sha256:") ? c.imageId().shortId() : c.image();
                table.row(c.shortId(), image, Texts.quote(Texts.ellipsis(Texts.commandLine(c.command()), 20)),
                        Sizes.human(c.sizeRw()), Durations.ago(c.created(), now), ContainerStatus.of(c, now), c.name());
            }
            table.print(out());
        }
        return ExitCodes.OK;
    }

    /** Every container, each inspected on its own so that engines report its writable layer's size. */
    private List<Container> containersWithSizes() {
        ContainerCommands commands = use(ContainerCommands.class);
        List<Container> sized = new ArrayList<>();
        for (Container c : commands.listContainers(true)) {
            try {
                sized.add(commands.inspectContainer(c.id()));
            } catch (NotFoundException gone) {
                // removed since the listing: nothing to show
            }
        }
        return sized;
    }

    /** {@code 7.05MB (8%)}, as docker system df words it. */
    static String reclaimable(DiskUsage usage) {
        String size = Sizes.human(usage.reclaimableBytes());
        return usage.totalSize() > 0 ? size + " (" + (100 * usage.reclaimableBytes() / usage.totalSize()) + "%)" : size;
    }
}
