package io.imgctl.cli;

import io.imgctl.cli.engine.EngineChoice;
import io.imgctl.cli.engine.EngineWiring;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One configured command line: how engines are wired, which clock relative times are measured
 * against, and whether stderr is a terminal. {@link Main#run} uses the standard one; tests build
 * their own with overriding bindings or a fixed clock.
 */
final class Cli {

    private final Supplier<EngineWiring> wiring;
    private final Clock clock;
    private final boolean terminal;

    Cli(Supplier<EngineWiring> wiring, Clock clock, boolean terminal) {
        this.wiring = Objects.requireNonNull(wiring, "wiring");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.terminal = terminal;
    }

    static Cli standard() {
        return new Cli(EngineWiring::standard, Clock.systemUTC(), System.console() != null);
    }

    Clock clock() {
        return clock;
    }

    boolean terminal() {
        return terminal;
    }

    EngineWiring wiring() {
        return wiring.get();
    }

    int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(out, err, env, new Cancellation(), args);
    }

    /** The same, cut off when {@code cancellation} is cancelled (the resident server's client went away). */
    int run(PrintStream out, PrintStream err, Map<String, String> env, Cancellation cancellation, String... args) {
        ImgctlCommand root = new ImgctlCommand();
        root.session = new Session(this, out, err, env, root, cancellation);
        CommandLine commandLine = commandLine(root, out, err, ImgctlCommand.neededBy(args));
        try (Session session = root.session) {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The same configuration with another answer to "is this a terminal" (a served command's client's). */
    Cli withTerminal(boolean isTerminal) {
        return isTerminal == terminal ? this : new Cli(wiring, clock, isTerminal);
    }

    /** The picocli command line for {@code root} with every subcommand: converters, help layout, and the one-line error handlers. */
    static CommandLine commandLine(ImgctlCommand root, PrintStream out, PrintStream err) {
        return commandLine(root, out, err, ImgctlCommand.SUBCOMMANDS);
    }

    /**
     * The same with only the {@code subcommands} named: picocli reflects over every subcommand it is
     * given, so {@link #run} gives it those the arguments need ({@link ImgctlCommand#neededBy}).
     */
    static CommandLine commandLine(ImgctlCommand root, PrintStream out, PrintStream err, java.util.List<String> subcommands) {
        CommandLine commandLine = new CommandLine(root);
        for (String name : subcommands) {
            commandLine.addSubcommand(name, ImgctlCommand.subcommand(name));
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(EngineChoice.class, ImgctlCommand::parseEngine);
        if (commandLine.getSubcommands().containsKey("run")) {
            commandLine.getSubcommands().get("run").setStopAtPositional(true);
        }
        HelpLayout.install(commandLine);
        commandLine.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine failed = ex.getCommandLine();
            err.println("Error: " + ex.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            err.println("Error: " + ExitCodes.message(ex));
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            return ExitCodes.of(ex);
        });
        return commandLine;
    }
}
