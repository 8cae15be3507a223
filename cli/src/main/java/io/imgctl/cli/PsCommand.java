package io.imgctl.cli;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.cli.output.ContainerStatus;
import io.imgctl.cli.output.Durations;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Table;
import io.imgctl.cli.output.Texts;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.ImageId;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.image.InvalidReferenceException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl ps",
            "  imgctl ps -a",
            "  imgctl ps -a -q --no-trunc",
            "  imgctl ps -a --format json"})
final class PsCommand extends Subcommand {

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only container IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Full IDs and commands.")
    boolean noTrunc;

    @Mixin
    FormatOption format = new FormatOption();

    @Override
    public Integer call() {
        List<Container> containers = use(ContainerCommands.class).listContainers(all);
        if (quiet) {
            containers.forEach(c -> out().println(noTrunc ? c.id() : c.shortId()));
            return ExitCodes.OK;
        }
        Map<ImageReference, ImageId> tags = currentTags(containers);
        if (format.json(session())) {
            Json.print(out(), containers.stream()
                    .map(c -> JsonViews.container(c, imageName(c, tags, true)))
                    .toList());
            return ExitCodes.OK;
        }
        Instant now = session().now();
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        for (Container c : containers) {
            String command = Texts.commandLine(c.command());
            table.row(noTrunc ? c.id() : c.shortId(),
                    imageName(c, tags, noTrunc),
                    Texts.quote(noTrunc ? command : Texts.ellipsis(command, 20)),
                    Durations.ago(c.created(), now),
                    ContainerStatus.of(c, now),
                    c.name());
        }
        table.print(out());
        return ExitCodes.OK;
    }

    /** What the containers' references name now: only those references are looked up, not every image. */
    private Map<ImageReference, ImageId> currentTags(List<Container> containers) {
        Set<ImageReference> references = new HashSet<>();
        for (Container c : containers) {
            asReference(c.image()).map(ImageReference::exactName).ifPresent(references::add);
        }
        return references.isEmpty() ? Map.of() : use(ImageQueries.class).imagesNamed(references);
    }

    /**
     * What the IMAGE column shows, as Docker does: the reference the container was created from while
     * it still names the container's image, otherwise the image ID (the container is orphaned or the
     * tag moved on). Truncated, a reference loses its digest and an ID keeps 12 characters.
     */
    static String imageName(Container c, Map<ImageReference, ImageId> tags, boolean noTrunc) {
        String given = c.image();
        Optional<ImageReference> ref = asReference(given);
        if (ref.isEmpty() || !c.imageId().equals(tags.get(ref.get().exactName()))) {
            return noTrunc ? c.imageId().toString() : c.imageId().shortId();
        }
        if (noTrunc) {
            return given;
        }
        ImageReference r = ref.get();
        return r.tag().isPresent() ? r.repository().withTag(r.tag().get()).familiar() : r.repository().familiar();
    }

    private static Optional<ImageReference> asReference(String image) {
        if (image.isEmpty() || ImageReference.isIdentifier(image) || Digest.isValid(image)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(image));
        } catch (InvalidReferenceException notAReference) {
            return Optional.empty();
        }
    }
}
