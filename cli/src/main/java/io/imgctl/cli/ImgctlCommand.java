package io.imgctl.cli;

import io.imgctl.cli.engine.EngineChoice;
import java.util.List;
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
            "  imgctl resident status     (the server that spares each command a JVM)",
            "",
            "Run 'imgctl COMMAND --help' for a command's options and examples."})
final class ImgctlCommand implements Callable<Integer> {

    /** The subcommands' names, in the order help lists them. */
    static final List<String> SUBCOMMANDS = List.of("images", "pull", "run", "ps", "rm", "rmi", "inspect", "history",
            "layers", "tag", "push", "commit", "df", "prune", "ref", "demo", "completion");

    /**
     * A new subcommand object. picocli reflects over every subcommand it is given, which costs more
     * start-up than the command itself; {@link Cli} gives it only the one named on the command line
     * (all of them for help, errors and anything unclear). Typed {@code Object}, so that verifying
     * this method loads none of the seventeen classes.
     */
    static Object subcommand(String name) {
        switch (name) {
            case "images": return new ImagesCommand();
            case "pull": return new PullCommand();
            case "run": return new RunCommand();
            case "ps": return new PsCommand();
            case "rm": return new RmCommand();
            case "rmi": return new RmiCommand();
            case "inspect": return new InspectCommand();
            case "history": return new HistoryCommand();
            case "layers": return new LayersCommand();
            case "tag": return new TagCommand();
            case "push": return new PushCommand();
            case "commit": return new CommitCommand();
            case "df": return new DfCommand();
            case "prune": return new PruneCommand();
            case "ref": return new RefCommand();
            case "demo": return new DemoCommand();
            case "completion": return new CompletionCommand();
            default: throw new IllegalArgumentException("no subcommand " + name);
        }
    }

    /**
     * The subcommands picocli needs for an argument list: the one it names, when the first argument
     * that is not a global option (or its value) is a subcommand's name; none for a bare version
     * request; else all of them (help, {@code completion}, whose script lists every command, an
     * unknown option or command, an {@code @file}, no command).
     */
    static List<String> neededBy(String... args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--engine") || arg.equals("--host")) {
                i++;
            } else if (arg.equals("-V") || arg.equals("--version")) {
                version = true;
            } else if (!(arg.startsWith("--engine=") || arg.startsWith("--host=") || arg.equals("--no-color")
                    || arg.equals("--verbose"))) {
                return !version && SUBCOMMANDS.contains(arg) && !arg.equals("completion") ? List.of(arg) : SUBCOMMANDS;
            }
        }
        return version ? List.of() : SUBCOMMANDS;
    }

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
