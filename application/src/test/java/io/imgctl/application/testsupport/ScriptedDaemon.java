package io.imgctl.application.testsupport;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A daemon on a UNIX socket that answers the n-th connection with the n-th scripted answer, raw bytes
 * written as they are (status line, headers and body: whatever the script holds), then closes the
 * connection. A connection beyond the script is closed without an answer. For the fuzzers, which hand
 * the adapter answers no real engine would give. Shared by the Docker and Podman adapters' tests.
 */
public final class ScriptedDaemon implements AutoCloseable {

    /** Separates the answers in a fuzzer's input. */
    public static final String SEPARATOR = "\n--next--\n";

    private final Path socket;
    private final ServerSocketChannel server;
    private volatile List<byte[]> answers = List.of();
    private final AtomicInteger next = new AtomicInteger();

    public ScriptedDaemon(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(this::serve, "scripted-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    public Path socket() {
        return socket;
    }

    /** The answers for the connections from now on, in order. */
    public void script(List<byte[]> script) {
        answers = List.copyOf(script);
        next.set(0);
    }

    /** How many connections were answered (or closed) since the last {@link #script}. */
    public int connections() {
        return next.get();
    }

    /** Splits a fuzzer's bytes at {@link #SEPARATOR} into answers. */
    public static List<byte[]> split(byte[] data, int from) {
        byte[] separator = SEPARATOR.getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int start = from;
        for (int i = from; i + separator.length <= data.length; i++) {
            if (matchesAt(data, i, separator)) {
                parts.add(java.util.Arrays.copyOfRange(data, start, i));
                start = i + separator.length;
                i = start - 1;
            }
        }
        if (start <= data.length) {
            parts.add(java.util.Arrays.copyOfRange(data, Math.min(start, data.length), data.length));
        }
        return parts;
    }

    private static boolean matchesAt(byte[] data, int at, byte[] what) {
        for (int j = 0; j < what.length; j++) {
            if (data[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                readRequest(connection);
                int n = next.getAndIncrement();
                List<byte[]> script = answers;
                if (n < script.size()) {
                    ByteBuffer out = ByteBuffer.wrap(script.get(n));
                    while (out.hasRemaining()) {
                        connection.write(out);
                    }
                }
            } catch (IOException e) {
                // the client gave up on this connection, or the daemon is closing
            }
        }
    }

    /** Reads the request head and as much body as its Content-Length announces. */
    private static void readRequest(SocketChannel connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        StringBuilder head = new StringBuilder();
        int end;
        while ((end = head.indexOf("\r\n\r\n")) < 0) {
            buffer.clear();
            if (connection.read(buffer) < 0) {
                return;
            }
            buffer.flip();
            head.append(StandardCharsets.ISO_8859_1.decode(buffer));
        }
        long body = 0;
        for (String line : head.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                body = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        long remaining = body - (head.length() - end - 4);
        while (remaining > 0) {
            buffer.clear();
            int n = connection.read(buffer);
            if (n < 0) {
                return;
            }
            remaining -= n;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
