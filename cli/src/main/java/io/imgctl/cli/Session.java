package io.imgctl.cli;

import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.cli.config.Config;
import io.imgctl.cli.config.ConfigFile;
import io.imgctl.cli.engine.EngineChoice;
import io.imgctl.cli.engine.DiscoveryStrategy;
import io.imgctl.cli.engine.EngineDiscovery;
import io.imgctl.cli.engine.EngineTarget;
import io.imgctl.cli.engine.EngineWiring;
import io.imgctl.cli.engine.UseCases;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one invocation's commands share: the streams, the environment, the global options, the config
 * file (read when a command first needs a setting, so {@code --help} and {@code completion} never read
 * it) and the use cases, which are wired only when a command first asks for one (so {@code ref} and
 * {@code --help} never reach an engine).
 */
final class Session implements AutoCloseable {

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    private final Cli cli;
    private final ImgctlCommand root;
    private final Cancellation cancellation;
    private volatile UseCases useCases;
    private Config config;

    Session(Cli cli, PrintStream out, PrintStream err, Map<String, String> env, ImgctlCommand root, Cancellation cancellation) {
        this.cli = cli;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.root = root;
        this.cancellation = cancellation;
        cancellation.onCancel(this::close);
    }

    /** Closes the engine's connections, if an engine was made: at the command's end, or to cut it off. */
    @Override
    public void close() {
        UseCases made = useCases;
        if (made != null) {
            made.close();
        }
    }

    /** The use case (an in-port) bound for the chosen engine. */
    <T> T use(Class<T> port) {
        return useCases().get(port);
    }

    private UseCases useCases() {
        if (useCases == null) {
            EngineWiring wiring = cli.wiring();
            EngineTarget target = target(wiring);
            if (root.verbose) {
                err.println("imgctl: using the " + target.kind().cliName() + " engine"
                        + target.host().map(h -> " at " + h).orElse("") + " (" + target.how() + ")");
            }
            useCases = wiring.useCases(target.kind(), settings(target.hostSetting()));
            if (cancellation.cancelled()) {
                close();
            }
        }
        return useCases;
    }

    /**
     * The engine and endpoint: {@code --engine} and {@code --host}, else the config file's {@code "engine"}
     * and {@code "host"}. The config's host is a default {@code --host}, so the environment's endpoint for
     * the chosen engine ({@code DOCKER_HOST}, {@code CONTAINER_HOST}) wins over it.
     */
    private EngineTarget target(EngineWiring wiring) {
        EngineChoice choice = root.engine != null ? root.engine : config().engine().orElse(EngineChoice.AUTO);
        String how = root.engine != null ? "--engine " + choice : "\"engine\" in " + config().location();
        Optional<String> host = Optional.ofNullable(root.host).filter(h -> !h.isBlank());
        if (host.isEmpty() && !environmentNamesEndpoint(choice)) {
            host = config().host();
            if (root.verbose && host.isPresent()) {
                err.println("imgctl: host " + host.get() + " from \"host\" in " + config().location());
            }
        }
        Optional<String> endpoint = host;
        return choice.kind()
                .map(kind -> new EngineTarget(kind, endpoint, how))
                .orElseGet(() -> EngineDiscovery.standard(endpoint, env, probe(wiring)).discover());
    }

    private boolean environmentNamesEndpoint(EngineChoice choice) {
        boolean docker = isSet("DOCKER_HOST");
        boolean podman = isSet("CONTAINER_HOST");
        return switch (choice) {
            case AUTO -> docker || podman;
            case DOCKER -> docker;
            case PODMAN -> podman;
            case FAKE -> true;
        };
    }

    private boolean isSet(String variable) {
        String value = env.get(variable);
        return value != null && !value.isBlank();
    }

    /** The config file's settings (read once; a bad file is bad input, exit 2). */
    Config config() {
        if (config == null) {
            config = ConfigFile.load(ConfigFile.locate(env));
            if (root.verbose && config.found()) {
                err.println("imgctl: using the config file " + config.location());
            }
        }
        return config;
    }

    /** {@code --format}'s default: the config file's {@code "format"}, else table. */
    Format defaultFormat() {
        return config().format().map(f -> Format.valueOf(f.toUpperCase(Locale.ROOT))).orElse(Format.TABLE);
    }

    /** Pings an engine found at a socket; says so in a few words when this build has no adapter for it. */
    private DiscoveryStrategy.Probe probe(EngineWiring wiring) {
        Set<EngineKind> present = new HashSet<>();
        return (kind, probeHost) -> {
            if (present.isEmpty()) {
                present.addAll(wiring.contributedEngines(settings(Optional.empty())));
            }
            if (!present.contains(kind)) {
                throw new EngineUnavailableException("this build of imgctl has no " + kind.cliName() + " adapter");
            }
            wiring.ping(kind, settings(Optional.of(probeHost)));
        };
    }

    private EngineSettings settings(Optional<String> host) {
        return new EngineSettings(host, env, root.verbose, Optional.of(err));
    }

    Instant now() {
        return cli.clock().instant();
    }

    boolean verbose() {
        return root.verbose;
    }

    /**
     * Whether progress may redraw lines in place: stderr is a terminal, and neither {@code --no-color},
     * {@code NO_COLOR} nor {@code TERM=dumb} says otherwise.
     */
    boolean interactive() {
        return cli.terminal() && !root.noColor && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    /** Runs another imgctl command line in this process with the same configuration ({@code demo}). */
    int runNested(PrintStream nestedOut, PrintStream nestedErr, Map<String, String> nestedEnv, String... args) {
        return cli.run(nestedOut, nestedErr, nestedEnv, args);
    }
}
