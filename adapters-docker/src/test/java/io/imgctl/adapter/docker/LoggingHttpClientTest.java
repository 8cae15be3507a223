package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingHttpClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

    private static DockerHttpClient.Response answer(int status) {
        return new DockerHttpClient.Response() {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of();
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(new byte[0]);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A transport that answers with one function. */
    private static DockerHttpClient transport(java.util.function.Function<DockerHttpClient.Request, DockerHttpClient.Response> f) {
        return new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                return f.apply(request);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void writesMethodPathAndStatusButNeverHeaders() {
        DockerHttpClient client = new LoggingHttpClient(transport(request -> answer(200)), log);

        client.execute(DockerHttpClient.Request.builder().method("POST").path("/images/create?fromImage=x&tag=1")
                .putHeader("X-Registry-Auth", "c2VjcmV0").build());

        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).startsWith("docker: POST /images/create?fromImage=x&tag=1 -> 200 (");
        assertThat(line).doesNotContain("c2VjcmV0");
    }

    @Test
    void writesFailuresAndRethrowsThem() {
        DockerHttpClient client = new LoggingHttpClient(transport(request -> {
            throw new IllegalStateException("connection refused");
        }), log);

        assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder().method("GET").path("/_ping").build()))
                .hasMessage("connection refused");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("docker: GET /_ping -> failed: connection refused");
    }
}
