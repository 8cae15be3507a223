package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogStreamsTest {

    private static void frame(ByteArrayOutputStream out, int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(payload.length >>> 24);
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.writeBytes(payload);
    }

    @Test
    void stdoutAndStderrFramesAreJoinedInOrderWithoutHeaders() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        frame(body, 1, "hello\n");
        frame(body, 2, "oops\n");
        frame(body, 1, "bye\n");

        assertThat(LogStreams.demultiplex(body.toByteArray())).isEqualTo("hello\noops\nbye\n");
    }

    @Test
    void framesLongerThan255BytesUseAllFourLengthBytes() {
        String big = "x".repeat(70_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        frame(body, 1, big);

        assertThat(LogStreams.demultiplex(body.toByteArray())).isEqualTo(big);
    }

    @Test
    void aTtyContainersRawOutputIsKeptAsItIs() {
        byte[] raw = "hello from a tty\n".getBytes(StandardCharsets.UTF_8);

        assertThat(LogStreams.demultiplex(raw)).isEqualTo("hello from a tty\n");
    }

    @Test
    void nothingWrittenIsEmpty() {
        assertThat(LogStreams.demultiplex(new byte[0])).isEmpty();
    }

    @Test
    void aTruncatedLastFrameKeepsWhatArrived() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        frame(body, 1, "complete\n");
        frame(body, 1, "partial line\n");
        byte[] bytes = body.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 6);

        assertThat(LogStreams.demultiplex(cut)).isEqualTo("complete\npartial");
    }
}
