package io.imgctl.adapter.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * okhttp's {@link MockWebServer} on loopback, answering like the Podman 4.3.1 service with bodies
 * recorded from it ({@code src/test/resources/libpod}). Routes are {@code METHOD /decoded/path} (query
 * excluded); an unrouted request gets libpod's 404. The engine reaches it over {@code tcp://}.
 */
final class RecordedLibpod implements AutoCloseable {

    static final String L = "/v4.0.0/libpod";
    static final String NOT_FOUND = "{\"cause\":\"failed to find image\",\"message\":\"no such route\",\"response\":404}";

    /** MockWebServer logs a warning for each connection dropped on purpose here; the tests assert on those. */
    private static final Logger QUIET = Logger.getLogger(MockWebServer.class.getName());

    static {
        QUIET.setLevel(Level.SEVERE);
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Supplier<MockResponse>> routes = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;

    RecordedLibpod() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse peek() {
                return stopped ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START) : super.peek();
            }

            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getRequestUrl() == null) {
                    return new MockResponse(); // MockWebServer's record of a connection dropped at its start
                }
                requests.add(request);
                if (stopped) {
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                }
                Supplier<MockResponse> route = routes.get(request.getMethod() + " " + path(request.getRequestUrl()));
                return route == null ? answer(404, NOT_FOUND) : route.get();
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A libpod answer: JSON (or text) with the header every Podman answer has. */
    static MockResponse answer(int status, String body) {
        return new MockResponse().setResponseCode(status).addHeader("Libpod-Api-Version", "4.3.1")
                .addHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse answer(int status, byte[] body) {
        return new MockResponse().setResponseCode(status).addHeader("Libpod-Api-Version", "4.3.1")
                .setBody(new Buffer().write(body));
    }

    /** A streamed answer as Podman sends it: HTTP 200, chunked, newline-delimited JSON. */
    static MockResponse stream(String ndjson) {
        return new MockResponse().setResponseCode(200).addHeader("Libpod-Api-Version", "4.3.1")
                .setChunkedBody(ndjson, 256);
    }

    static String resource(String name) {
        try (InputStream in = RecordedLibpod.class.getResourceAsStream("/libpod/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded answer " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RecordedLibpod on(String route, int status, String body) {
        return on(route, () -> answer(status, body));
    }

    RecordedLibpod on(String route, Supplier<MockResponse> answer) {
        routes.put(route, answer);
        return this;
    }

    /** From now on the service is gone: every connection is closed without an answer. */
    void stopService() {
        stopped = true;
    }

    /** The endpoint as a user passes it with {@code --host}. */
    String uri() {
        return "tcp://127.0.0.1:" + server.getPort();
    }

    /** The requests so far as {@code METHOD /decoded/path?decoded-query}. */
    List<String> lines() {
        synchronized (requests) {
            return requests.stream().map(r -> {
                HttpUrl url = r.getRequestUrl();
                return r.getMethod() + " " + path(url) + (url.query() == null ? "" : "?" + url.query());
            }).toList();
        }
    }

    RecordedRequest request(String line) {
        synchronized (requests) {
            return requests.stream().filter(r -> (r.getMethod() + " " + path(r.getRequestUrl())).equals(line))
                    .findFirst().orElseThrow(() -> new AssertionError("no request " + line + " in " + lines()));
        }
    }

    private static String path(HttpUrl url) {
        return "/" + String.join("/", url.pathSegments());
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
