package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.cli.output.PullProgress;
import io.imgctl.domain.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull an image (tag latest when none is given); progress on stderr, the pulled reference on stdout.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl pull alpine:3.13",
            "  imgctl --engine docker pull -q localhost:5000/imgctl/base:1"})
final class PullCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "REF", description = "The image, e.g. alpine:3.13.")
    String reference;

    @Option(names = {"-q", "--quiet"}, description = "No progress, only the pulled reference.")
    boolean quiet;

    @Override
    public Integer call() {
        ImageReference ref = parseReference(reference);
        PullProgress progress = new PullProgress(err(), session().interactive(), label(ref));
        PullResult result = use(ImageCommands.class).pull(reference, quiet ? PullListener.IGNORE : progress);
        if (!quiet) {
            progress.finish(result);
        }
        out().println(result.reference().normalized());
        return ExitCodes.OK;
    }

    /** What Docker prefixes {@code Pulling from} with: the tag, or the digest. */
    static String label(ImageReference ref) {
        if (ref.tag().isPresent()) {
            return ref.tag().get();
        }
        return ref.digest().map(Object::toString).orElse(ImageReference.DEFAULT_TAG);
    }
}
