package io.imgctl.cli;

import io.imgctl.cli.engine.EngineChoice;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root command: global options, then one of the subcommands. */
@Command(name = "imgctl",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.Provider.class,
        description = "Manage container images and the containers made from them, on Docker, Podman or the built-in engine.",
        subcommands = {
            ImagesCommand.class, PullCommand.class, RunCommand.class, PsCommand.class, RmCommand.class,
            RmiCommand.class, InspectCommand.class, HistoryCommand.class, LayersCommand.class, TagCommand.class,
            PushCommand.class, CommitCommand.class, DfCommand.class, PruneCommand.class, RefCommand.class, DemoCommand.class, CompletionCommand.class
        },
        footerHeading = "%nConfiguration:%n",
        footer = {
            "  ~/.config/imgctl/config.json (or $XDG_CONFIG_HOME/imgctl/config.json):",
            "  defaults for --engine, --host and --format, and named prune policies",
            "  (prune --policy NAME). The command line wins over the environment, which",
            "  wins over the file.",
            "",
            "Examples:",
            "  imgctl --engine fake demo",
            "  imgctl images",
            "  imgctl --engine docker prune --unused --older-than 7d --dry-run",
            "  imgctl prune --policy nightly --dry-run",
            "",
            "Run 'imgctl COMMAND --help' for a command's options and examples."})
final class ImgctlCommand implements Callable<Integer> {

    /** Null when not given: then the config file's "engine", else auto. */
    @Option(names = "--engine", paramLabel = "auto|docker|podman|fake",
            description = "Which engine to use (default: \"engine\" in the config file, else auto: --host/DOCKER_HOST,"
                    + " CONTAINER_HOST, then the usual sockets).")
    EngineChoice engine;

    @Option(names = "--host", paramLabel = "URI",
            description = "The engine's endpoint, unix:///path or tcp://host:port (default: from the environment,"
                    + " else \"host\" in the config file).")
    String host;

    @Option(names = "--no-color", description = "No colour and no cursor movement (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    @Option(names = "--verbose", description = "Stack traces and engine calls on stderr.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    Session session;

    @Override
    public Integer call() {
        spec.commandLine().usage(session.out);
        return ExitCodes.OK;
    }

    static EngineChoice parseEngine(String text) {
        try {
            return EngineChoice.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.TypeConversionException(
                    "unknown engine '" + text + "': expected auto, docker, podman or fake");
        }
    }
}
