package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.cli.output.PullProgress;
import io.imgctl.domain.image.ImageReference;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push a local tag to its registry (credentials from ~/.docker/config.json or $REGISTRY_AUTH_FILE).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl --engine docker push localhost:5000/me/greeter:1"})
final class PushCommand extends Subcommand {

    /** The summary line engines end a push with; stdout carries it once. */
    private static final Pattern PUSHED = Pattern.compile("\\S+: digest: sha256:[a-f0-9]{64} size: \\d+");

    @Parameters(index = "0", paramLabel = "REF", description = "A local tag, e.g. localhost:5000/demo/app:1.0.")
    String reference;

    @Override
    public Integer call() {
        ImageReference ref = parseReference(reference).withDefaultTag();
        err().println("The push refers to repository [" + ref.name() + "]");
        PullProgress progress = new PullProgress(err(), session().interactive(), "");
        PushResult result = use(ImageCommands.class).push(reference, event -> {
            if (!alreadyShown(event)) {
                progress.onEvent(event);
            }
        });
        out().println(result.reference().tagOrLatest() + ": digest: " + result.digest() + " size: " + result.size());
        return ExitCodes.OK;
    }

    /**
     * Whether an engine's event repeats what this command prints itself: Docker, Podman and the
     * built-in engine all report the {@code The push refers to repository} header and the closing
     * {@code TAG: digest: ... size: N} line.
     */
    static boolean alreadyShown(PullEvent event) {
        return event.layer().isEmpty()
                && (event.status().startsWith("The push refers to repository")
                || PUSHED.matcher(event.status()).matches());
    }
}
