package io.imgctl.adapter.podman;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes container logs. Without a TTY, libpod's logs endpoint multiplexes stdout and stderr the way
 * Docker does: frames of an 8-byte header ({@code stream} 1 = stdout or 2 = stderr, three zero bytes,
 * a big-endian 32-bit payload length) then the payload. A container with a TTY gives the raw bytes;
 * anything that does not start with a valid header is taken as raw.
 */
final class LogFrames {

    private static final int HEADER = 8;

    private LogFrames() {
    }

    /** Every payload in order, stdout and stderr interleaved as written, as UTF-8 text. */
    static String text(byte[] body) {
        if (!looksMultiplexed(body)) {
            return new String(body, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (at + HEADER <= body.length) {
            int length = ((body[at + 4] & 0xff) << 24) | ((body[at + 5] & 0xff) << 16)
                    | ((body[at + 6] & 0xff) << 8) | (body[at + 7] & 0xff);
            int start = at + HEADER;
            int end = length < 0 ? body.length : (int) Math.min((long) start + length, body.length);
            out.write(body, start, end - start);
            at = end;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static boolean looksMultiplexed(byte[] body) {
        if (body.length < HEADER) {
            return false;
        }
        return body[0] >= 0 && body[0] <= 2 && body[1] == 0 && body[2] == 0 && body[3] == 0;
    }
}
