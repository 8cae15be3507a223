package io.imgctl.cli.engine;

/**
 * The use cases (in-ports) on the one chosen engine, and that engine ({@code ContainerEngine}), from
 * the command's injector ({@link EngineWiring#useCases}).
 */
public interface UseCases extends AutoCloseable {

    /** The object bound to {@code port}, made on first use and the same one after that. */
    <T> T get(Class<T> port);

    /** Closes the engine, if one was made (see {@code ContainerEngine#close}); makes none. */
    @Override
    void close();
}
