package io.imgctl.cli;

import io.imgctl.application.port.out.EngineKind;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.cli.engine.DiscoveryStrategy;
import io.imgctl.cli.engine.EngineDiscovery;
import io.imgctl.cli.engine.EngineTarget;
import io.imgctl.cli.engine.EngineWiring;
import io.imgctl.cli.engine.UseCases;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one invocation's commands share: the streams, the environment, the global options, and the
 * use cases, which are wired only when a command first asks for one (so {@code ref} and
 * {@code --help} never reach an engine).
 */
final class Session {

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    private final Cli cli;
    private final ImgctlCommand root;
    private UseCases useCases;

    Session(Cli cli, PrintStream out, PrintStream err, Map<String, String> env, ImgctlCommand root) {
        this.cli = cli;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.root = root;
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
            useCases = wiring.useCases(target.kind(), settings(target.host()));
        }
        return useCases;
    }

    private EngineTarget target(EngineWiring wiring) {
        Optional<String> host = Optional.ofNullable(root.host).filter(h -> !h.isBlank());
        return root.engine.kind()
                .map(kind -> new EngineTarget(kind, host, "--engine " + root.engine))
                .orElseGet(() -> EngineDiscovery.standard(host, env, probe(wiring)).discover());
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
        return new EngineSettings(host, env, root.verbose);
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
