package io.imgctl.cli;

import io.imgctl.application.port.in.ImageCommands;
import io.imgctl.application.port.out.PushResult;
import io.imgctl.cli.output.PullProgress;
import io.imgctl.domain.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push a local tag to its registry (credentials from ~/.docker/config.json or $REGISTRY_AUTH_FILE).")
final class PushCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "REF", description = "A local tag, e.g. localhost:5000/demo/app:1.0.")
    String reference;

    @Override
    public Integer call() {
        ImageReference ref = parseReference(reference).withDefaultTag();
        err().println("The push refers to repository [" + ref.name() + "]");
        PushResult result = use(ImageCommands.class).push(reference,
                new PullProgress(err(), session().interactive(), ""));
        out().println(result.reference().tagOrLatest() + ": digest: " + result.digest() + " size: " + result.size());
        return ExitCodes.OK;
    }
}
