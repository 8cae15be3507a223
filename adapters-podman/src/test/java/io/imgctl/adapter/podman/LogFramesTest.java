package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFramesTest {

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
    void multiplexedStdoutAndStderrAreJoinedInOrder() {
        // as recorded: 01 00 00 00 00 00 00 06 "hello\n" 02 00 00 00 00 00 00 04 "err\n"
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 1, "hello\n");
        frame(out, 2, "err\n");
        frame(out, 1, "grüße\n");
        assertThat(LogFrames.text(out.toByteArray())).isEqualTo("hello\nerr\ngrüße\n");
    }

    @Test
    void rawTtyOutputIsKept() {
        assertThat(LogFrames.text("hello world\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("hello world\n");
        assertThat(LogFrames.text(new byte[0])).isEmpty();
    }

    @Test
    void truncatedFrameKeepsWhatArrived() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 1, "hello\n");
        byte[] bytes = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 2);
        assertThat(LogFrames.text(cut)).isEqualTo("hell");
    }
}
