package io.imgctl.adapter.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineUnavailableException;
import io.imgctl.application.port.out.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * One daemon connection: docker-java's client for the typed calls, its HTTP transport for the calls
 * whose answers docker-java drops or mishandles (removal records, pull and push streams, logs, wait),
 * and the one mapping from Docker's failures to the port's exceptions:
 * 404 → {@link NotFoundException}, 409 → {@link ConflictException} (with Docker's message),
 * no answer → {@link EngineUnavailableException} naming the endpoint and how to start Docker,
 * anything else → {@link EngineFailureException}.
 */
final class DockerConnection implements AutoCloseable {

    static final String START_HINT = "Start it with: bash scripts/engines.sh up (or: sudo systemctl start docker)";

    private final DockerEndpoint endpoint;
    private final DockerHttpClient http;
    private final Supplier<DockerClient> clientFactory;
    private final Duration timeout;
    private DockerClient client;

    private DockerConnection(DockerEndpoint endpoint, DockerHttpClient http, Supplier<DockerClient> clientFactory,
                             Duration timeout) {
        this.endpoint = endpoint;
        this.http = http;
        this.clientFactory = clientFactory;
        this.timeout = timeout;
    }

    /**
     * @param timeout how long an ordinary call may stay silent before it fails as unanswered; streams
     *                ({@link StreamingCalls}) are not bounded
     */
    static DockerConnection open(DockerEndpoint endpoint, DockerConfigDir config, boolean verbose, Duration timeout) {
        return open(endpoint, config, verbose ? java.util.Optional.of(System.err) : java.util.Optional.empty(), timeout);
    }

    /** {@code trace}: where engine calls are logged ({@code --verbose}), if anywhere. */
    static DockerConnection open(DockerEndpoint endpoint, DockerConfigDir config, java.util.Optional<java.io.PrintStream> trace,
                                 Duration timeout) {
        URI uri = endpoint.uri();
        com.github.dockerjava.transport.SSLConfig ssl = null;
        if (endpoint.tlsCertPath().isPresent()) {
            ssl = new LocalDirectorySSLConfig(endpoint.tlsCertPath().get().toString());
        } else if ("https".equals(uri.getScheme())) {
            ssl = SSLContext::getDefault;
        }
        if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
            uri = URI.create("tcp://" + uri.getRawAuthority());
        }
        DockerHttpClient transport;
        if ("unix".equals(uri.getScheme())) {
            transport = new UnixSocketHttpClient(Path.of(uri.getPath()), timeout);
        } else {
            URI tcp = uri;
            com.github.dockerjava.transport.SSLConfig tls = ssl;
            transport = new TimeoutRouting(apache(tcp, tls, timeout), () -> apache(tcp, tls, null));
        }
        DockerHttpClient http = trace.<DockerHttpClient>map(log -> new LoggingHttpClient(transport, log)).orElse(transport);
        URI host = uri;
        // Built on first use: listing needs only the transport. Only the host matters to docker-java
        // here: registry credentials are sent by this adapter, and no API version is pinned, so requests
        // use unversioned paths (the daemon's own version).
        Supplier<DockerClient> client = () -> DockerClientImpl.getInstance(new DefaultDockerClientConfig.Builder()
                .withDockerHost(host.toString())
                .withDockerConfig(config.path().toString())
                .withDockerTlsVerify(endpoint.tlsCertPath().isPresent())
                .withDockerCertPath(endpoint.tlsCertPath().map(Object::toString).orElse(null))
                .build(), http);
        return new DockerConnection(endpoint, http, client, timeout);
    }

    /** docker-java's TCP transport; {@code timeout} null: a response may take as long as it takes. */
    private static DockerHttpClient apache(URI uri, com.github.dockerjava.transport.SSLConfig ssl, Duration timeout) {
        ApacheDockerHttpClient.Builder builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(uri)
                .sslConfig(ssl)
                .connectionTimeout(Duration.ofSeconds(5));
        if (timeout != null) {
            builder.responseTimeout(timeout);
        }
        return builder.build();
    }

    /** Sends streams ({@link StreamingCalls}) through a client without a response timeout, the rest through one with it. */
    static final class TimeoutRouting implements DockerHttpClient {
        private final DockerHttpClient ordinary;
        private final Supplier<DockerHttpClient> streamingFactory;
        private DockerHttpClient streaming;

        TimeoutRouting(DockerHttpClient ordinary, Supplier<DockerHttpClient> streamingFactory) {
            this.ordinary = ordinary;
            this.streamingFactory = streamingFactory;
        }

        @Override
        public Response execute(Request request) {
            return (StreamingCalls.isStreaming(request.path()) ? streaming() : ordinary).execute(request);
        }

        private synchronized DockerHttpClient streaming() {
            if (streaming == null) {
                streaming = streamingFactory.get();
            }
            return streaming;
        }

        @Override
        public void close() throws IOException {
            ordinary.close();
            DockerHttpClient opened;
            synchronized (this) {
                opened = streaming;
            }
            if (opened != null) {
                opened.close();
            }
        }
    }

    DockerEndpoint endpoint() {
        return endpoint;
    }

    synchronized DockerClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    /** Runs a docker-java call, mapping its failures. {@code action} completes "Tried to ...". */
    <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw failure(action, e.getHttpStatus(), messageOf(e.getMessage()), e);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailableOr(action, e);
        }
    }

    void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Sends a raw request and returns the open response when Docker answers 2xx or 304; the caller
     * closes it. Any other status is read and thrown as the mapped exception.
     */
    Response send(String action, String method, String path, Map<String, String> headers, byte[] body) {
        Request.Builder request = Request.builder().method(method).path(path).putAllHeaders(headers);
        if (body != null) {
            if (!headers.containsKey("Content-Type")) {
                request.putHeader("Content-Type", "application/json");
            }
            request.bodyBytes(body);
        }
        Response response;
        try {
            response = http.execute(request.build());
        } catch (RuntimeException e) {
            throw unavailableOr(action, e);
        }
        int status = response.getStatusCode();
        if (status / 100 == 2 || status == 304) {
            return response;
        }
        try (response) {
            throw failure(action, status, messageOf(readText(response.getBody())), null);
        } catch (IOException e) {
            throw unavailableOr(action, new UncheckedIOException(e));
        }
    }

    /**
     * Sends a raw request and parses the whole answer as JSON (a missing node when it is empty), with
     * {@link JsonTrees}: no {@code ObjectMapper} on the way of a listing.
     */
    JsonNode json(String action, String method, String path, Map<String, String> headers, byte[] body) {
        try (Response response = send(action, method, path, headers, body)) {
            String text = readText(response.getBody());
            return text.isBlank() ? MissingNode.getInstance() : JsonTrees.parse(text);
        } catch (IOException e) {
            throw unavailableOr(action, new UncheckedIOException(e));
        }
    }

    static String readText(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Docker's error bodies are {@code {"message":"..."}}; docker-java prefixes them with {@code Status N: }. */
    String messageOf(String raw) {
        if (raw == null) {
            return "";
        }
        String text = raw.strip();
        int brace = text.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode node = JsonTrees.parse(text.substring(brace));
                if (node.path("message").isTextual()) {
                    return oneLine(node.path("message").asText());
                }
            } catch (IOException e) {
                // not JSON: keep the text
            }
        }
        if (text.startsWith("Status ") && text.indexOf(": ") > 0) {
            text = text.substring(text.indexOf(": ") + 2);
        }
        return oneLine(text);
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    EngineException failure(String action, int status, String message, Throwable cause) {
        String where = "Tried to " + action + " on docker at " + endpoint;
        switch (status) {
            case 404:
                return new NotFoundException(where + " but failed because " + message, cause);
            case 409:
                return new ConflictException(where + " but Docker refused: " + message, cause);
            default:
                return new EngineFailureException(where + " but failed because Docker answered " + status
                        + (message.isEmpty() ? "" : ": " + message), cause);
        }
    }

    /** A failure without an HTTP status: the daemon did not answer (or the answer broke off). */
    EngineException unavailableOr(String action, RuntimeException e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof IOException) {
                return unavailable(action, t);
            }
            t = t.getCause();
        }
        return new EngineFailureException("Tried to " + action + " on docker at " + endpoint
                + " but failed because " + oneLine(String.valueOf(e.getMessage())), e);
    }

    EngineUnavailableException unavailable(String action, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : oneLine(cause.getMessage());
        if (cause instanceof java.net.SocketTimeoutException) {
            reason = StreamingCalls.silence(timeout);
        }
        String source = endpoint.source().equals("default") ? "" : " (from " + endpoint.source() + ")";
        String hint = reason.contains("Permission denied") || reason.contains("Access denied")
                ? "Run as root or as a member of the docker group (sudo usermod -aG docker $USER)"
                : START_HINT;
        // An answer that broke off (the daemon stopped in the middle of it) is not one that never came.
        String what = cause instanceof java.io.EOFException ? " but it stopped answering (" : " but it did not answer (";
        return new EngineUnavailableException("Tried to " + action + " on docker at " + endpoint + source
                + what + reason + "). " + hint, cause);
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to do with a client being closed
        }
    }

    static String requireNonBlank(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
