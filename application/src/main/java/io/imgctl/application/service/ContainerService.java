package io.imgctl.application.service;

import io.imgctl.application.port.in.ContainerCommands;
import io.imgctl.application.port.in.RunCommand;
import io.imgctl.application.port.in.RunResult;
import io.imgctl.application.port.out.ContainerEngine;
import io.imgctl.application.port.out.ContainerSpec;
import io.imgctl.application.port.out.NotFoundException;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.application.port.out.PullResult;
import io.imgctl.application.port.out.UsageLedger;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.ImageReference;
import io.imgctl.domain.removal.RemovalPlan;
import io.imgctl.domain.removal.RemovalPlanner;
import io.imgctl.domain.removal.RemovalReport;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code run}, {@code ps}, {@code rm}. {@code run} records in the usage ledger the pull it needed and
 * the use of the image, which the ledger remembers after the container is gone.
 */
public final class ContainerService implements ContainerCommands {

    private final ContainerEngine engine;
    private final PlanExecutor executor;
    private final UsageRecorder usage;

    /** Without a usage ledger: nothing is recorded. */
    public ContainerService(ContainerEngine engine) {
        this(engine, UsageLedger.NONE, Clock.systemUTC());
    }

    public ContainerService(ContainerEngine engine, UsageLedger ledger, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.executor = new PlanExecutor(engine);
        this.usage = new UsageRecorder(ledger, clock);
    }

    /**
     * Runs a new container. The reference is kept as the user gave it (Docker shows {@code alpine}
     * for {@code run alpine}); the image is looked up and pulled with {@code :latest} added. When the
     * image disappears between the look-up and the create (an {@code rmi} raced this run), it is pulled
     * and the create tried once more, as {@code docker run} does.
     */
    @Override
    public RunResult run(RunCommand command, PullListener listener) {
        Objects.requireNonNull(listener, "listener");
        ImageReference given = ImageReference.parse(command.image());
        ImageReference tagged = given.withDefaultTag();
        command.name().ifPresent(Arguments::containerName);

        Optional<PullResult> pulled = Optional.empty();
        if (engine.findImageNames(tagged.familiar()).isEmpty()) {
            pulled = Optional.of(engine.pull(tagged, listener));
            usage.arrived(pulled.get().imageId());
        }
        ContainerSpec spec = new ContainerSpec(given, command.name(), command.command());
        Container created;
        try {
            created = engine.createContainer(spec);
        } catch (NotFoundException gone) {
            if (pulled.isPresent()) {
                throw gone;
            }
            // The image was there a moment ago: a removal raced this run. Like docker run, pull it and
            // create again, so the container gets its image (it never gets a missing one).
            pulled = Optional.of(engine.pull(tagged, listener));
            usage.arrived(pulled.get().imageId());
            created = engine.createContainer(spec);
        }
        usage.used(created.imageId());
        engine.startContainer(created.id());
        String output = "";
        if (!command.detach()) {
            engine.waitContainer(created.id());
            output = engine.logs(created.id());
        }
        Container after = engine.findContainer(created.id()).orElse(created);
        return new RunResult(after, output, pulled);
    }

    @Override
    public List<Container> listContainers(boolean all) {
        return engine.listContainers().stream()
                .filter(c -> all || c.isRunning())
                .sorted(Container.NEWEST_FIRST)
                .toList();
    }

    @Override
    public Container inspectContainer(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        return engine.findContainer(nameOrId).orElseThrow(() -> Arguments.noSuchContainer(nameOrId));
    }

    @Override
    public RemovalReport removeContainers(List<String> containers, boolean force) {
        RemovalPlan plan = new RemovalPlanner(engine.behaviour())
                .planContainers(engine.snapshot(), List.copyOf(containers), force);
        return executor.execute(plan);
    }
}
