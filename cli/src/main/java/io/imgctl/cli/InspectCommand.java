package io.imgctl.cli;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.ImageQueries;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.cli.output.Json;
import io.imgctl.cli.output.JsonViews;
import io.imgctl.domain.image.InvalidReferenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print one image or container in full as a JSON object.",
            "An image: id, tags, digests, created, size, parent, author, comment, config, layers.",
            "A container: id, name, image, imageId, command, state, exitCode, created, started, finished, sizeRw.",
            "Without --type, as docker inspect: an image if there is one by that name, else a container."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl inspect alpine:3.13",
            "  imgctl inspect --type container web"})
final class InspectCommand extends Subcommand {

    enum Type { image, container }

    @Parameters(index = "0", paramLabel = "NAME", description = "An image reference or ID prefix, or a container name or ID prefix.")
    String name;

    @Option(names = "--type", paramLabel = "image|container", description = "Look only for this kind of object.")
    Type type;

    @Override
    public Integer call() {
        if (type == Type.container) {
            return container();
        }
        if (type == Type.image) {
            return image();
        }
        try {
            return image();
        } catch (NotFoundException | InvalidReferenceException notAnImage) {
            try {
                return container();
            } catch (NotFoundException notAContainer) {
                throw new NotFoundException("No such object: " + name);
            }
        }
    }

    private int image() {
        Json.print(out(), JsonViews.inspect(use(ImageQueries.class).inspect(name)));
        return ExitCodes.OK;
    }

    private int container() {
        Json.print(out(), JsonViews.inspectContainer(use(ContainerCommands.class).inspectContainer(name)));
        return ExitCodes.OK;
    }
}
