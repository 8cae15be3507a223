package io.imgctl.adapter.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * docker-java's transport interface over the JDK's own UNIX-domain sockets (JDK 16+): HTTP/1.1,
 * one connection per request ({@code Connection: close}), response bodies read as they arrive
 * (fixed length, chunked, or until the daemon closes). It serves {@code unix://} endpoints; TCP and TLS
 * endpoints use docker-java's Apache HttpClient 5 transport.
 *
 * <p>Why: starting Apache HttpClient 5 and JNA's socket binding costs several hundred milliseconds of
 * class loading and native set-up in every short-lived CLI process, more than the Docker call itself.
 * Hijacked connections (attach) are not supported; the adapter never uses them.
 *
 * <p>Timeouts: a blocking UNIX-domain {@link SocketChannel} has none, so the channel is non-blocking and
 * each read or write waits on a selector: an ordinary call fails with a {@link SocketTimeoutException}
 * after {@code timeout} of silence; a stream ({@link StreamingCalls}) waits as long as it takes.
 */
final class UnixSocketHttpClient implements DockerHttpClient {

    private final UnixDomainSocketAddress address;
    private final Duration timeout;

    UnixSocketHttpClient(Path socket, Duration timeout) {
        this.address = UnixDomainSocketAddress.of(Objects.requireNonNull(socket, "socket"));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Response execute(Request request) {
        if (request.hijackedInput() != null) {
            throw new UnsupportedOperationException("hijacked connections are not supported by this transport");
        }
        TimedChannel channel = null;
        try {
            channel = new TimedChannel(SocketChannel.open(address),
                    StreamingCalls.isStreaming(request.path()) ? Duration.ZERO : timeout);
            OutputStream out = new BufferedOutputStream(channel.output(), 8192);
            writeRequest(request, out);
            out.flush();
            InputStream in = new BufferedInputStream(channel.input(), 16384);
            return readResponse(request.method(), in, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * A connected channel in non-blocking mode whose reads and writes wait on a selector, at most
     * {@code timeout} each ({@link Duration#ZERO}: as long as it takes).
     */
    static final class TimedChannel implements AutoCloseable {
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;
        private final Duration timeout;

        TimedChannel(SocketChannel channel, Duration timeout) throws IOException {
            this.channel = channel;
            this.timeout = timeout;
            Selector opened = null;
            try {
                channel.configureBlocking(false);
                opened = Selector.open();
                this.key = channel.register(opened, 0);
            } catch (IOException | RuntimeException e) {
                closeQuietly(opened);
                closeQuietly(channel);
                throw e;
            }
            this.selector = opened;
        }

        InputStream input() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    Objects.checkFromIndexSize(offset, length, buffer.length);
                    if (length == 0) {
                        return 0;
                    }
                    ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
                    while (true) {
                        int n = channel.read(target);
                        if (n != 0) {
                            return n;
                        }
                        await(SelectionKey.OP_READ);
                    }
                }
            };
        }

        OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    ByteBuffer source = ByteBuffer.wrap(buffer, offset, length);
                    while (source.hasRemaining()) {
                        if (channel.write(source) == 0) {
                            await(SelectionKey.OP_WRITE);
                        }
                    }
                }
            };
        }

        /** Waits until the channel is ready for {@code operation}; throws when the timeout passes first. */
        private void await(int operation) throws IOException {
            key.interestOps(operation);
            long limit = timeout.toMillis();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = limit == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                int ready = selector.select(left);
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return;
                }
                if (limit > 0 && System.nanoTime() - deadline >= 0) {
                    throw new SocketTimeoutException(StreamingCalls.silence(timeout));
                }
            }
        }

        @Override
        public void close() {
            closeQuietly(selector);
            closeQuietly(channel);
        }
    }

    static void writeRequest(Request request, OutputStream out) throws IOException {
        byte[] bytes = request.bodyBytes();
        InputStream stream = bytes == null ? request.body() : null;
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
        head.append("Host: docker\r\n");
        head.append("Connection: close\r\n");
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (bytes != null) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        } else if (stream != null) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (bytes != null) {
            out.write(bytes);
        } else if (stream != null) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = stream.read(buffer)) > 0) {
                out.write(Integer.toHexString(n).getBytes(StandardCharsets.US_ASCII));
                out.write('\r');
                out.write('\n');
                out.write(buffer, 0, n);
                out.write('\r');
                out.write('\n');
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    static Response readResponse(String method, InputStream in, AutoCloseable connection) throws IOException {
        String statusLine = readLine(in);
        while (statusLine.isEmpty()) {
            statusLine = readLine(in);
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        if (!parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP status: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        InputStream body;
        String transferEncoding = header(headers, "Transfer-Encoding");
        String contentLength = header(headers, "Content-Length");
        if ("HEAD".equalsIgnoreCase(method) || status / 100 == 1 || status == 204 || status == 304) {
            body = InputStream.nullInputStream();
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (contentLength != null) {
            body = new LimitedInputStream(in, length(contentLength));
        } else {
            body = in;
        }
        return new SocketResponse(status, headers, body, connection);
    }

    /** A Content-Length: a whole number of bytes, else the answer is broken. */
    private static long length(String contentLength) throws IOException {
        String digits = contentLength.trim();
        if (!digits.matches("[0-9]{1,18}")) {
            throw new IOException("bad Content-Length in the HTTP answer: " + contentLength);
        }
        return Long.parseLong(digits);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** One line without its CRLF (or LF); throws at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        throw new EOFException("the connection closed in the middle of the HTTP answer");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        // one connection per request: nothing is pooled
    }

    private static final class SocketResponse implements Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final InputStream body;
        private final AutoCloseable connection;

        SocketResponse(int status, Map<String, List<String>> headers, InputStream body, AutoCloseable connection) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public String getHeader(String name) {
            return header(headers, name);
        }

        @Override
        public InputStream getBody() {
            return body;
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }
    }

    /** A body of known length. */
    static final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }
    }

    /** A body in HTTP/1.1 chunked transfer coding: {@code <hex size>[;ext]CRLF data CRLF ... 0 CRLF trailers CRLF}. */
    static final class ChunkedInputStream extends FilterInputStream {
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            if (chunkLeft == 0) {
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                String size = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
                if (!size.matches("[0-9a-fA-F]{1,15}")) {
                    throw new IOException("bad chunk size in the HTTP answer: " + sizeLine);
                }
                chunkLeft = Long.parseLong(size, 16);
                if (chunkLeft == 0) {
                    for (String trailer = readLine(in); !trailer.isEmpty(); trailer = readLine(in)) {
                        // trailers are not used
                    }
                    done = true;
                    return false;
                }
            }
            return true;
        }

        private void endOfChunkData() throws IOException {
            if (chunkLeft == 0) {
                readLine(in); // the CRLF after the chunk's data
            }
        }

        @Override
        public int read() throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of a chunk");
            }
            chunkLeft--;
            endOfChunkData();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, chunkLeft));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a chunk");
            }
            chunkLeft -= n;
            endOfChunkData();
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(in.available(), chunkLeft);
        }
    }
}
