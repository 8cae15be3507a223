package io.imgctl.cli.engine;

/**
 * The use cases (in-ports) on the one chosen engine, and that engine ({@code ContainerEngine}).
 * {@link EngineWiring#useCases} gives the standard build direct ones, made by hand with the adapters'
 * own factories (no injector to build, which costs a short command more than its engine call);
 * overridden wirings (tests) get them from the Guice injector. Both make the same objects:
 * {@link CliModule}'s provider methods and the direct ones call the same {@link UseCaseFactory}.
 */
public interface UseCases extends AutoCloseable {

    /** The object bound to {@code port}, made on first use and the same one after that. */
    <T> T get(Class<T> port);

    /** Closes the engine, if one was made (see {@code ContainerEngine#close}); makes none. */
    @Override
    void close();
}
