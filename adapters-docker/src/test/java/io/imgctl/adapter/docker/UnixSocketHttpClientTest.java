package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketHttpClientTest {

    @TempDir
    Path dir;

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String read(DockerHttpClient.Response response) throws IOException {
        return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void chunkedBodiesAreDecodedAcrossChunksWithExtensionsAndTrailers() throws IOException {
        DockerHttpClient.Response r = UnixSocketHttpClient.readResponse("POST", stream(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4\r\n{\"a\"\r\n6;ext=1\r\n:1}\r\n{\r\n1\r\n}\r\n0\r\nX-Trailer: y\r\n\r\n"), () -> { });

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeader("content-type")).isEqualTo("application/json");
        assertThat(read(r)).isEqualTo("{\"a\":1}\r\n{}");
    }

    @Test
    void contentLengthLimitsTheBody() throws IOException {
        DockerHttpClient.Response r = UnixSocketHttpClient.readResponse("GET", stream(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 13\r\n\r\n{\"message\":1}garbage"), () -> { });

        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(read(r)).isEqualTo("{\"message\":1}");
    }

    @Test
    void withoutLengthTheBodyRunsToTheEndAndNoContentHasNone() throws IOException {
        assertThat(read(UnixSocketHttpClient.readResponse("GET", stream("HTTP/1.0 200 OK\r\n\r\nall of it"), () -> { })))
                .isEqualTo("all of it");
        assertThat(read(UnixSocketHttpClient.readResponse("POST", stream("HTTP/1.1 204 No Content\r\n\r\n"), () -> { })))
                .isEmpty();
        assertThat(read(UnixSocketHttpClient.readResponse("POST", stream("HTTP/1.1 304 Not Modified\r\n\r\n"), () -> { })))
                .isEmpty();
    }

    @Test
    void aBrokenAnswerIsAnIoError() {
        assertThatThrownBy(() -> UnixSocketHttpClient.readResponse("GET", stream("SSH-2.0-OpenSSH\r\n\r\n"), () -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP answer");
        assertThatThrownBy(() -> UnixSocketHttpClient.readResponse("GET", stream("HTTP/1.1 200 OK\r\nContent-"), () -> { }))
                .isInstanceOf(IOException.class);
    }

    /**
     * Found by DockerAnswersFuzzTest: a Content-Length or chunk size that is not a plain number threw
     * NumberFormatException (or, negative, IndexOutOfBoundsException) instead of the transport's IOException.
     */
    @Test
    void badLengthsChunkSizesAndStatusesAreIoErrors() {
        for (String answer : List.of(
                "HTTP/1.1 200 OK\r\nContent-Length:\u0089 15\r\n\r\n{\"message\":\"x\"}",
                "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\nabc",
                "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nabc",
                "HTTP/1.1 -1 OK\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n")) {
            assertThatThrownBy(() -> UnixSocketHttpClient.readResponse("GET", stream(answer), () -> { }))
                    .as(answer).isInstanceOf(IOException.class);
        }
        for (String chunks : List.of("-5\r\nabcde\r\n0\r\n\r\n", "+5\r\nabcde\r\n", "fffffffffffffffff\r\n", "x\r\n")) {
            assertThatThrownBy(() -> read(UnixSocketHttpClient.readResponse("GET",
                    stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks), () -> { })))
                    .as(chunks).isInstanceOf(IOException.class).hasMessageContaining("bad chunk size");
        }
    }

    @Test
    void requestsCarryHostCloseHeadersAndALengthForTheirBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UnixSocketHttpClient.writeRequest(DockerHttpClient.Request.builder().method("POST").path("/commit?container=x")
                .putHeader("X-Registry-Auth", "e30=").bodyBytes("{}".getBytes(StandardCharsets.UTF_8)).build(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("POST /commit?container=x HTTP/1.1\r\n"
                + "Host: docker\r\nConnection: close\r\nX-Registry-Auth: e30=\r\nContent-Length: 2\r\n\r\n{}");
    }

    @Test
    void talksHttpOverARealUnixSocket() throws Exception {
        Path socket = dir.resolve("fake.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serveOnce(server,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));

            DockerHttpClient client = new UnixSocketHttpClient(socket, java.time.Duration.ofSeconds(30));
            try (DockerHttpClient.Response r = client.execute(
                    DockerHttpClient.Request.builder().method("GET").path("/_ping").build())) {
                assertThat(r.getStatusCode()).isEqualTo(200);
                assertThat(read(r)).isEqualTo("hello");
            }
            assertThat(seen.get(10, TimeUnit.SECONDS)).startsWith("GET /_ping HTTP/1.1\r\nHost: docker\r\n");
        }
    }

    @Test
    void aMissingSocketIsAnIoErrorNamingTheCause() {
        DockerHttpClient client = new UnixSocketHttpClient(dir.resolve("none.sock"), java.time.Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder().method("GET").path("/_ping").build()))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void anOrdinaryCallToADaemonThatAcceptsAndNeverAnswersTimesOut() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            DockerHttpClient client = new UnixSocketHttpClient(socket, java.time.Duration.ofSeconds(1));

            assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder().method("GET").path("/images/json").build()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(java.net.SocketTimeoutException.class)
                    .hasMessageContaining("it sent nothing for 1 s, the limit for an ordinary call; IMGCTL_TIMEOUT changes it");
        }
    }

    @Test
    void pullPushWaitAndTheOtherStreamsHaveNoCallTimeout() {
        for (String stream : List.of("/images/create?fromImage=a&tag=1", "/images/localhost:5000/a/b/push?tag=1",
                "/v1.41/containers/abc/wait", "/containers/abc/attach?stream=1", "/build", "/events")) {
            assertThat(StreamingCalls.isStreaming(stream)).as(stream).isTrue();
        }
        for (String ordinary : List.of("/images/json?all=1", "/images/sha256:abc/json", "/containers/json?all=1",
                "/_ping", "/images/sha256:abc?force=0&noprune=1", "/commit?container=x", "/containers/abc/logs?stdout=1")) {
            assertThat(StreamingCalls.isStreaming(ordinary)).as(ordinary).isFalse();
        }
    }

    private static String serveOnce(ServerSocketChannel server, String answer) {
        try (SocketChannel c = server.accept()) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder request = new StringBuilder();
            while (!request.toString().contains("\r\n\r\n") && c.read(buffer) > 0) {
                buffer.flip();
                request.append(StandardCharsets.ISO_8859_1.decode(buffer));
                buffer.clear();
            }
            c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1)));
            return request.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
