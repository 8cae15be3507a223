package io.imgctl.adapter.podman;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP server that answers like Podman with canned bodies, for engine tests that do not need
 * the real service. Routes are {@code METHOD /decoded/path} (query excluded); unrouted requests get 404.
 */
final class FakePodman implements AutoCloseable {

    record Answer(int status, byte[] body, Map<String, String> headers) {
    }

    record Call(String method, String path, String query, String body, Map<String, List<String>> headers) {
        String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> routes = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    FakePodman() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), path,
                    query == null ? null : URLDecoder.decode(query, StandardCharsets.UTF_8), body,
                    exchange.getRequestHeaders()));
            Answer a = routes.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Answer(404, "{\"cause\":\"no such route\",\"message\":\"no such route\",\"response\":404}"
                            .getBytes(StandardCharsets.UTF_8), Map.of()));
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Libpod-Api-Version", "4.3.1");
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        });
        server.start();
    }

    FakePodman on(String route, int status, String body) {
        return on(route, status, body.getBytes(StandardCharsets.UTF_8));
    }

    FakePodman on(String route, int status, byte[] body) {
        routes.put(route, new Answer(status, body, Map.of()));
        return this;
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> lines() {
        synchronized (calls) {
            return calls.stream().map(Call::line).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
