package io.imgctl.adapter.podman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.EngineSettings;
import io.imgctl.application.port.out.EngineUnavailableException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.newsclub.net.unix.AFSocketFactory;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * HTTP/1.1 to the Podman API service with okhttp: over a UNIX socket through junixsocket's
 * {@link AFSocketFactory.FixedAddressSocketFactory} (every connection goes to the socket, the URL's host
 * {@code localhost} only fills the {@code Host} header), or over TCP.
 *
 * <p>Two clients share one connection pool: ordinary calls time out after {@code IMGCTL_TIMEOUT} seconds
 * of silence ({@link EngineSettings#callTimeout()}, 5 minutes by default); streams (pull, push, wait) have
 * no read timeout, because a libpod pull can be silent for long.
 *
 * <p>Failures: no answer at all (socket missing, connection refused) is an
 * {@link EngineUnavailableException} naming the endpoint and how to start the service; an HTTP error
 * answer goes through {@link PodmanErrors}; a connection that breaks mid-answer is an
 * {@link EngineUnavailableException} when the service then no longer answers a ping (it stopped), else an
 * {@link EngineFailureException} (see {@link #broken}).
 */
final class PodmanHttp {

    /** libpod paths exist only in versioned form; 4.0.0 is the lowest libpod version Podman 4 serves. */
    static final String LIBPOD = "v4.0.0/libpod";
    /** Docker-compatible paths, at the version Podman 4.3 implements. */
    static final String COMPAT = "v1.41";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final MediaType JSON = MediaType.get("application/json");

    /** How a successful answer is read. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Response response) throws IOException;
    }

    private final Supplier<PodmanEndpoint> endpointSource;
    private final Supplier<Duration> timeoutSource;
    private final ObjectMapper mapper;
    private PodmanEndpoint endpoint;
    private Duration timeout;
    private final PrintStream log;
    private OkHttpClient client;
    private OkHttpClient streaming;

    /**
     * @param endpoint where the service listens; resolved on first use, so that a bad {@code --host}
     *                 surfaces as an engine failure from the first call, not while the engine is built
     * @param timeout  how long an ordinary call may stay silent; read on first use, like the endpoint
     * @param log      where engine calls are traced ({@code --verbose}), or null for none
     */
    PodmanHttp(Supplier<PodmanEndpoint> endpoint, Supplier<Duration> timeout, ObjectMapper mapper, PrintStream log) {
        this.endpointSource = Objects.requireNonNull(endpoint, "endpoint");
        this.timeoutSource = Objects.requireNonNull(timeout, "timeout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.log = log;
    }

    synchronized PodmanEndpoint endpoint() {
        if (endpoint == null) {
            endpoint = Objects.requireNonNull(endpointSource.get(), "endpoint");
        }
        return endpoint;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** A URL on the service: {@code prefix} ({@link #LIBPOD} or {@link #COMPAT}) then {@code path}. */
    HttpUrl.Builder url(String prefix, String path) {
        PodmanEndpoint endpoint = endpoint();
        HttpUrl.Builder b = new HttpUrl.Builder().scheme("http");
        if (endpoint.host().isPresent()) {
            b.host(endpoint.host().get()).port(endpoint.port());
        } else {
            b.host("localhost");
        }
        b.addPathSegments(prefix);
        if (!path.isEmpty()) {
            b.addPathSegments(path.startsWith("/") ? path.substring(1) : path);
        }
        return b;
    }

    static Request get(HttpUrl url) {
        return new Request.Builder().url(url).get().build();
    }

    static Request delete(HttpUrl url) {
        return new Request.Builder().url(url).delete().build();
    }

    static Request post(HttpUrl url) {
        return new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)).build();
    }

    Request postJson(HttpUrl url, Object body) {
        try {
            return new Request.Builder().url(url)
                    .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON)).build();
        } catch (IOException e) {
            throw new EngineFailureException("Tried to encode a request to podman but failed because " + e.getMessage(), e);
        }
    }

    /** Sends {@code request}, checks the status and parses the JSON answer. */
    JsonNode json(String action, Request request) {
        return exchange(action, request, false, response -> {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return text.isBlank() ? mapper.nullNode() : mapper.readTree(text);
        });
    }

    /** Sends {@code request}, checks the status and returns the answer's text. */
    String text(String action, Request request, boolean stream) {
        return exchange(action, request, stream, response -> {
            ResponseBody body = response.body();
            return body == null ? "" : body.string();
        });
    }

    /** Sends {@code request} and checks the status; the answer's body is discarded. */
    int send(String action, Request request) {
        return exchange(action, request, false, Response::code);
    }

    /**
     * Sends {@code request}; on a 2xx or 304 answer returns what {@code reader} makes of it, otherwise
     * throws the mapped {@link EngineException}. The response is always closed.
     *
     * @param stream whether the answer may take arbitrarily long (no read timeout)
     */
    <T> T exchange(String action, Request request, boolean stream, Reader<T> reader) {
        long start = System.nanoTime();
        // Outside the try: a bad setting (IMGCTL_TIMEOUT) or socket is its own failure, not an unreadable answer.
        OkHttpClient http = stream ? streamingClient() : client();
        Response response;
        try {
            response = http.newCall(request).execute();
        } catch (IOException e) {
            trace(request, "no answer: " + e);
            throw unavailable(action, e);
        } catch (RuntimeException e) {
            trace(request, "unreadable answer: " + e);
            throw unreadable(action, e);
        }
        try (response) {
            trace(request, response.code() + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
            int code = response.code();
            if (code >= 400 || (code >= 300 && code != 304)) {
                ResponseBody body = response.body();
                String text = body == null ? "" : body.string();
                throw PodmanErrors.fromResponse(action, code, text, mapper);
            }
            return reader.read(response);
        } catch (IOException e) {
            trace(request, "answer broken: " + e);
            throw broken(action, e);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            trace(request, "unreadable answer: " + e);
            throw unreadable(action, e);
        }
    }

    /**
     * okhttp (through okio) can fail on an answer it cannot frame with an unchecked exception, such as
     * IllegalArgumentException for a negative Content-Length: the service's failure, in one line.
     */
    private EngineFailureException unreadable(String action, RuntimeException e) {
        return new EngineFailureException("Tried to " + action + " on podman at " + endpoint()
                + " but failed because its answer could not be read (" + e.getClass().getSimpleName() + ": "
                + PodmanErrors.oneLine(String.valueOf(e.getMessage())) + ")", e);
    }

    /**
     * The answer could not be read to its end. Unreadable JSON is a failure of this call. A connection
     * that broke mid-answer is told apart by asking the service for a ping: a service that no longer
     * answers has stopped ({@link EngineUnavailableException}, exit 3), one that still answers failed
     * this call ({@link EngineFailureException}, exit 1).
     */
    EngineException broken(String action, IOException e) {
        if (e instanceof JsonProcessingException json) {
            return new EngineFailureException("Tried to " + action + " on podman at " + endpoint()
                    + " but failed because its answer was not valid JSON (" + PodmanErrors.oneLine(json.getOriginalMessage()) + ")", e);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : PodmanErrors.oneLine(e.getMessage());
        if (e instanceof java.io.EOFException) {
            // okio's own words for it read like "\n not found: limit=0 content=…"
            why = "the connection closed in the middle of the answer";
        }
        if (!answersPing()) {
            return new EngineUnavailableException("Tried to " + action + " on podman at " + endpoint()
                    + " but the service stopped while answering (" + why + ") and no longer answers. "
                    + endpoint().startHint(), e);
        }
        return new EngineFailureException("Tried to " + action + " on podman at " + endpoint()
                + " but failed because the connection broke while reading the answer (" + why + ")", e);
    }

    private boolean answersPing() {
        OkHttpClient probe = client().newBuilder().readTimeout(CONNECT_TIMEOUT).retryOnConnectionFailure(false).build();
        Request ping = get(url(LIBPOD, "_ping").build());
        try (Response response = probe.newCall(ping).execute()) {
            trace(ping, response.code() + " (probe after a broken answer)");
            return true;
        } catch (IOException e) {
            trace(ping, "no answer (probe after a broken answer): " + e);
            return false;
        } catch (RuntimeException e) {
            // okhttp may fail on an answer it cannot frame (a negative Content-Length, met on close): it answered.
            trace(ping, "unreadable answer (probe after a broken answer): " + e);
            return true;
        }
    }

    EngineUnavailableException unavailable(String action, IOException e) {
        PodmanEndpoint endpoint = endpoint();
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : PodmanErrors.oneLine(e.getMessage());
        if (endpoint.socket().isPresent() && !endpoint.socket().get().toFile().exists()) {
            why = "the socket " + endpoint.socket().get() + " does not exist";
        } else if (e instanceof java.net.SocketTimeoutException) {
            why = "it sent nothing for " + timeout().toSeconds() + " s, the limit for an ordinary call; IMGCTL_TIMEOUT changes it";
        }
        return new EngineUnavailableException("Tried to " + action + " on podman at " + endpoint
                + " but it did not answer (" + why + "). " + endpoint.startHint(), e);
    }

    private void trace(Request request, String outcome) {
        if (log != null) {
            HttpUrl url = request.url();
            String query = url.encodedQuery() == null ? "" : "?" + url.encodedQuery();
            log.println("podman: " + request.method() + " " + url.encodedPath() + query + " -> " + outcome);
        }
    }

    private synchronized Duration timeout() {
        if (timeout == null) {
            timeout = Objects.requireNonNull(timeoutSource.get(), "timeout");
        }
        return timeout;
    }

    private synchronized OkHttpClient client() {
        if (client == null) {
            PodmanEndpoint endpoint = endpoint();
            Duration silence = timeout();
            OkHttpClient.Builder b = new OkHttpClient.Builder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .readTimeout(silence)
                    .writeTimeout(silence)
                    .retryOnConnectionFailure(true)
                    // The service speaks plain HTTP (unix:// and tcp:// alike): without TLS in the connection
                    // specs okhttp never loads the JDK's TLS stack and trust store, a large part of a short command's start.
                    .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
            if (endpoint.socket().isPresent()) {
                // Nor a proxy for a local socket (the JDK's proxy selector is never consulted).
                b.proxy(Proxy.NO_PROXY);
                File socket = endpoint.socket().get().toFile();
                try {
                    b.socketFactory(new AFSocketFactory.FixedAddressSocketFactory(AFUNIXSocketAddress.of(socket)));
                } catch (IOException e) {
                    throw unavailable("open the socket", e);
                }
                // every connection goes to the socket: no need to resolve "localhost"
                b.dns(hostname -> List.of(InetAddress.getLoopbackAddress()));
            }
            client = b.build();
        }
        return client;
    }

    private synchronized OkHttpClient streamingClient() {
        if (streaming == null) {
            streaming = client().newBuilder().readTimeout(Duration.ZERO).build();
        }
        return streaming;
    }

    /**
     * Cancels the calls in flight (a command whose client went away is cut off) and closes the idle
     * connections, which okhttp would otherwise keep for minutes: in the resident server that is a
     * socket per command.
     */
    void close() {
        OkHttpClient made;
        synchronized (this) {
            made = client;
        }
        if (made != null) {
            made.dispatcher().cancelAll();
            made.connectionPool().evictAll();
            // No executor to shut down: every call is synchronous, and asking the dispatcher for its
            // executor would create one, per command, only to stop it.
        }
    }
}
