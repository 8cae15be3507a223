package io.imgctl.cli;

import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.in.ImageSummary;
import io.imgctl.application.port.in.ListImagesQuery;
import io.imgctl.cli.output.Durations;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.cli.output.Sizes;
import io.imgctl.cli.output.Table;
import io.imgctl.cli.output.Texts;
import io.imgctl.domain.image.Image;
import io.imgctl.domain.image.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", mixinStandardHelpOptions = true,
        description = "List images, newest first, one row per tag.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl images",
            "  imgctl images -q --filter dangling=true",
            "  imgctl images alpine --format json",
            "  imgctl --engine docker images --filter 'reference=localhost:5000/*'"})
final class ImagesCommand extends Subcommand {

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only this repository (and tag).")
    String repository;

    @Option(names = {"-a", "--all"}, description = "Include intermediate images.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only image IDs.")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests.")
    boolean digests;

    @Option(names = "--no-trunc", description = "Full image IDs.")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "reference=, dangling=, label=, before=, since= (repeatable).")
    List<String> filters = new ArrayList<>();

    @Mixin
    FormatOption format = new FormatOption();

    @Override
    public Integer call() {
        List<ImageSummary> images = use(ImageQueries.class)
                .listImages(new ListImagesQuery(Optional.ofNullable(repository), all, filters));
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(s -> ids.add(Texts.imageId(s.image().id(), noTrunc)));
            ids.forEach(out()::println);
        } else if (format.json(session())) {
            Json.print(out(), images.stream().map(JsonViews::image).toList());
        } else {
            table(images, session().now()).print(out());
        }
        return ExitCodes.OK;
    }

    Table table(List<ImageSummary> images, Instant now) {
        Table table = digests
                ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummary summary : images) {
            Image image = summary.image();
            String id = Texts.imageId(image.id(), noTrunc);
            String created = Durations.ago(image.created(), now);
            String size = Sizes.human(image.size());
            for (String[] name : names(image)) {
                if (digests) {
                    table.row(name[0], name[1], name[2], id, created, size);
                } else {
                    table.row(name[0], name[1], id, created, size);
                }
            }
        }
        return table;
    }

    /** {repository, tag, digest} per row: one per tag; per digest when untagged; {@code <none>} when neither. */
    private static List<String[]> names(Image image) {
        List<String[]> rows = new ArrayList<>();
        for (ImageReference tag : image.tags()) {
            rows.add(new String[] {tag.familiarName(), tag.tag().orElse(Texts.NONE), digestOf(image, tag)});
        }
        if (rows.isEmpty()) {
            for (ImageReference digest : image.digests()) {
                rows.add(new String[] {digest.familiarName(), Texts.NONE,
                        digest.digest().map(Object::toString).orElse(Texts.NONE)});
            }
        }
        if (rows.isEmpty()) {
            rows.add(new String[] {Texts.NONE, Texts.NONE, Texts.NONE});
        }
        return rows;
    }

    private static String digestOf(Image image, ImageReference tag) {
        for (ImageReference d : image.digests()) {
            if (d.name().equals(tag.name()) && d.digest().isPresent()) {
                return d.digest().get().toString();
            }
        }
        return Texts.NONE;
    }
}
