package io.imgctl.adapter.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Docker's log stream for a container without a TTY is multiplexed: frames of an 8-byte header
 * ({@code stream} 0/1/2, three zero bytes, a big-endian 32-bit length) followed by that many bytes.
 * A container with a TTY writes the raw bytes instead; a body that does not start with a valid
 * header is taken as raw.
 */
final class LogStreams {

    private LogStreams() {
    }

    /** stdout and stderr interleaved in the order the container wrote them. */
    static String demultiplex(byte[] body) {
        if (!looksMultiplexed(body)) {
            return new String(body, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int pos = 0;
        while (pos + 8 <= body.length) {
            int length = ((body[pos + 4] & 0xff) << 24) | ((body[pos + 5] & 0xff) << 16)
                    | ((body[pos + 6] & 0xff) << 8) | (body[pos + 7] & 0xff);
            int start = pos + 8;
            int end = (int) Math.min((long) start + Integer.toUnsignedLong(length), body.length);
            out.write(body, start, end - start);
            pos = end;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean looksMultiplexed(byte[] body) {
        return body.length >= 8 && body[0] >= 0 && body[0] <= 2 && body[1] == 0 && body[2] == 0 && body[3] == 0;
    }
}
