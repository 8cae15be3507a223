package io.imgctl.adapter.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;

/**
 * For {@code --verbose}: writes one line per engine call to stderr, e.g.
 * {@code docker: GET /images/json?all=1 -> 200 (12 ms)}. Headers and bodies (credentials) are never written.
 */
final class LoggingHttpClient implements DockerHttpClient {

    private final DockerHttpClient delegate;
    private final PrintStream log;

    LoggingHttpClient(DockerHttpClient delegate, PrintStream log) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public Response execute(Request request) {
        long start = System.nanoTime();
        try {
            Response response = delegate.execute(request);
            log.printf("docker: %s %s -> %d (%d ms)%n", request.method(), request.path(), response.getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000);
            return response;
        } catch (RuntimeException e) {
            log.printf("docker: %s %s -> failed: %s%n", request.method(), request.path(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
