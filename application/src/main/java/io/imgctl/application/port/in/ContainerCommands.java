package io.imgctl.application.port.in;

import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.removal.RemovalReport;
import java.util.List;

/** {@code run}, {@code ps}, {@code rm}. */
public interface ContainerCommands {

    /** Creates and starts a new container, pulling the image first when it is missing. */
    RunResult run(RunCommand command, PullListener listener);

    /** Containers newest first; stopped ones only with {@code all}. */
    List<Container> listContainers(boolean all);

    /**
     * One container in full, its writable layer's size included when the engine reports it. Throws
     * {@code NotFoundException} when there is no such container.
     */
    Container inspectContainer(String nameOrId);

    /** Removes containers by name or ID prefix, through a plan; {@code force} stops running ones first. */
    RemovalReport removeContainers(List<String> containers, boolean force);
}
