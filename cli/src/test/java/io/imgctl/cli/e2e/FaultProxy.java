package io.imgctl.cli.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP/1.1 proxy in front of a real engine socket or a real registry that fails the way a
 * dying daemon or registry looks to its client. Requests pass through unchanged until the test's
 * {@link #rule(Function) rule} decides otherwise for one of them, on its head:
 * <ul>
 *   <li>{@link Decision#cutBefore}: the proxy stops before that request reaches the upstream: its
 *       listener closes and every connection drops, so the client sees its answer break off and any
 *       later connection refused, as when a daemon dies;</li>
 *   <li>{@link Decision#cutMidAnswer}: forwarded, and the proxy stops once the answer's head and its
 *       first body line have gone back (a stream that breaks in the middle);</li>
 *   <li>{@link Decision#answer}: answered by the proxy itself (a registry's 401 or 500), then that
 *       connection closes;</li>
 *   <li>{@link Decision#hold}: held until the test releases it (to make two commands overlap at a known
 *       point without timing anything), then forwarded.</li>
 * </ul>
 * It listens on a UNIX socket (for engines) or on TLS at {@code 127.0.0.1} (for registries, whose
 * clients only trust TLS there), and connects upstream over a UNIX socket or plain TCP. Only what the
 * test started is ever stopped; the upstream itself is never touched.
 */
final class FaultProxy implements AutoCloseable {

    /** The head of one request as the client sent it; {@code number} counts requests from 1. */
    record RequestHead(int number, String method, String target, Map<String, String> headers) {

        /** The target without its query. */
        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        boolean is(String method, String pathPattern) {
            return this.method.equals(method) && Pattern.compile(pathPattern).matcher(path()).find();
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    /** What the proxy does with one request. */
    sealed interface Decision {

        Decision FORWARD = new Forward();

        /** Stops the proxy before this request goes anywhere; {@code first} runs before (e.g. kills the upstream). */
        static Decision cutBefore(Runnable first) {
            return new CutBefore(first);
        }

        static Decision cutMidAnswer() {
            return new CutMidAnswer();
        }

        static Decision answer(int status, String reason, Map<String, String> headers, String body) {
            return new Answer(status, reason, headers, body);
        }

        static Decision hold(CountDownLatch reached, CountDownLatch release) {
            return new Hold(reached, release);
        }

        record Forward() implements Decision {
        }

        record CutBefore(Runnable first) implements Decision {
        }

        record CutMidAnswer() implements Decision {
        }

        record Answer(int status, String reason, Map<String, String> headers, String body) implements Decision {
        }

        record Hold(CountDownLatch reached, CountDownLatch release) implements Decision {
        }
    }

    /** One end of a connection. */
    private interface Conn extends AutoCloseable {
        InputStream in();

        OutputStream out();

        @Override
        void close();

        /** Drops the connection the way a killed process's does (a TCP reset, no TLS goodbye). */
        default void abort() {
            close();
        }
    }

    @FunctionalInterface
    private interface Connector {
        Conn connect() throws IOException;
    }

    /** How long a held request waits for its release at most, so that a failing test cannot hang the build. */
    private static final long HOLD_LIMIT_MINUTES = 3;

    private final String endpoint;
    private final AutoCloseable listener;
    private final Connector upstream;
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final List<RequestHead> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Function<RequestHead, Decision> rule = head -> Decision.FORWARD;
    private volatile boolean stopped;

    private FaultProxy(String endpoint, AutoCloseable listener, Connector upstream) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.upstream = upstream;
    }

    /** Listens on the UNIX socket {@code socket} and forwards to the UNIX socket {@code target} (an engine's). */
    static FaultProxy unixToUnix(Path socket, Path target) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        FaultProxy proxy = new FaultProxy("unix://" + socket, server, () -> channel(SocketChannel.open(UnixDomainSocketAddress.of(target))));
        proxy.start(() -> channel(server.accept()));
        return proxy;
    }

    /** Listens with TLS on {@code 127.0.0.1} (a free port) and forwards in plain HTTP to {@code 127.0.0.1:targetPort}. */
    static FaultProxy tlsToTcp(SSLContext tls, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy("127.0.0.1:" + server.getLocalPort(), server, () -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            return socket(s, s);
        });
        proxy.start(() -> {
            // TLS layered over a plain socket, so that a stop can drop the plain one with no TLS goodbye
            Socket raw = server.accept();
            javax.net.ssl.SSLSocket secured = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                    .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
            secured.setUseClientMode(false);
            return socket(secured, raw);
        });
        return proxy;
    }

    /** {@code unix:///path} for an engine proxy, {@code 127.0.0.1:PORT} for a registry proxy. */
    String endpoint() {
        return endpoint;
    }

    /** Decides what becomes of each request from now on. */
    void rule(Function<RequestHead, Decision> decide) {
        this.rule = Objects.requireNonNull(decide, "decide");
    }

    /** Every request seen so far, in order. */
    List<RequestHead> requests() {
        return List.copyOf(requests);
    }

    boolean stopped() {
        return stopped;
    }

    /** Closes the listener and drops every connection: to its clients, the daemon behind it is gone. */
    void stop() {
        stopped = true;
        closeQuietly(listener);
        for (Conn c : connections) {
            c.abort();
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---- serving

    @FunctionalInterface
    private interface Acceptor {
        Conn accept() throws IOException;
    }

    private void start(Acceptor acceptor) {
        daemon("fault-proxy-accept", () -> {
            while (!stopped) {
                Conn client;
                try {
                    client = acceptor.accept();
                } catch (IOException e) {
                    return; // the listener was closed
                }
                connections.add(client);
                if (stopped) {
                    client.close();
                    return;
                }
                daemon("fault-proxy-session", () -> session(client));
            }
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads the client's requests one by one, decides, forwards; answers flow back on a pump thread. */
    private void session(Conn client) {
        Conn up = null;
        AtomicInteger cutMidAnswer = new AtomicInteger();
        try {
            BufferedInputStream in = new BufferedInputStream(client.in(), 16384);
            while (!stopped) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                RequestHead request = parse(head);
                requests.add(request);
                Decision decision = rule.apply(request);
                if (decision instanceof Decision.CutBefore cut) {
                    cut.first().run();
                    stop();
                    return;
                }
                if (decision instanceof Decision.Answer answer) {
                    client.out().write(cannedAnswer(answer));
                    client.out().flush();
                    return;
                }
                if (decision instanceof Decision.Hold hold) {
                    hold.reached().countDown();
                    if (!hold.release().await(HOLD_LIMIT_MINUTES, TimeUnit.MINUTES) || stopped) {
                        return;
                    }
                }
                if (decision instanceof Decision.CutMidAnswer) {
                    cutMidAnswer.set(1);
                }
                if (up == null) {
                    up = upstream.connect();
                    connections.add(up);
                    Conn from = up;
                    daemon("fault-proxy-pump", () -> pump(from, client, cutMidAnswer));
                }
                OutputStream out = up.out();
                out.write(head);
                copyBody(request, in, out);
                out.flush();
            }
        } catch (IOException | InterruptedException | UncheckedIOException e) {
            // a side closed the connection, or the proxy stopped
        } finally {
            client.close();
            if (up != null) {
                up.close();
            }
        }
    }

    /** Upstream's answers back to the client, raw; stops the proxy mid-answer when asked to. */
    private void pump(Conn from, Conn to, AtomicInteger cutMidAnswer) {
        byte[] buffer = new byte[16384];
        // For a cut mid-answer: 0 = looking for the end of the head, 1 = for a '{', 2 = for the '\n' after it.
        int state = 0;
        int headEnd = 0;
        try {
            InputStream in = from.in();
            OutputStream out = to.out();
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (cutMidAnswer.get() == 1) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (state == 0) {
                            headEnd = (b == '\r' || b == '\n') ? headEnd + 1 : 0;
                            if (headEnd == 4) {
                                state = 1;
                            }
                        } else if (state == 1 && b == '{') {
                            state = 2;
                        } else if (state == 2 && b == '\n') {
                            out.write(buffer, 0, i + 1);
                            out.flush();
                            stop();
                            return;
                        }
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed the connection, or the proxy stopped
        } finally {
            from.close();
            to.close();
        }
    }

    private static byte[] cannedAnswer(Decision.Answer answer) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ').append(answer.reason()).append("\r\n");
        answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    // ---- HTTP framing of requests

    /** The request head up to and including its blank line; null at a clean end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4 || (matched == 2 && endsWithLfLf(head))) {
                return head.toByteArray();
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new EOFException("the connection closed in the middle of a request head");
    }

    private static boolean endsWithLfLf(ByteArrayOutputStream head) {
        byte[] bytes = head.toByteArray();
        return bytes.length >= 2 && bytes[bytes.length - 1] == '\n' && bytes[bytes.length - 2] == '\n';
    }

    private RequestHead parse(byte[] head) {
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] first = lines[0].split(" ", 3);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new RequestHead(counter.incrementAndGet(), first[0], first.length > 1 ? first[1] : "", headers);
    }

    /** Copies the request's body as framed by Content-Length or chunked transfer coding. */
    private static void copyBody(RequestHead request, InputStream in, OutputStream out) throws IOException {
        if (request.header("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = readLine(in, out);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in, out).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                copy(in, out, size);
                readLine(in, out); // the CRLF after the chunk
            }
        }
        String length = request.header("content-length");
        if (!length.isEmpty()) {
            copy(in, out, Long.parseLong(length));
        }
    }

    /** Reads one line, writing it through as it is; returns it without its line end. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        throw new EOFException("the connection closed in the middle of a chunked body");
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[65536];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a request body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    // ---- connection ends

    /** A UNIX-domain channel in blocking mode, read and written directly (a reader and a writer may run at once). */
    private static Conn channel(SocketChannel channel) {
        return new Conn() {
            private final InputStream in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
                }
            };
            private final OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };

            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    /** {@code socket} for reading and writing; {@code raw}, the TCP socket under it, for an abort. */
    private static Conn socket(Socket socket, Socket raw) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new Conn() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void close() {
                closeQuietly(socket);
            }

            @Override
            public void abort() {
                try {
                    raw.setSoLinger(true, 0);
                } catch (IOException e) {
                    // closed already
                }
                closeQuietly(raw);
            }
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** The requests seen so far, one per line, for assertion messages. */
    String log() {
        List<String> lines = new ArrayList<>();
        requests.forEach(r -> lines.add(r.number() + " " + r));
        return String.join("\n", lines);
    }
}
