package io.imgctl.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The resident server's wire format, both ways: frames of one type byte, a four-byte big-endian
 * length and that many bytes. The client ({@code lib/resident.pl}) sends {@code I} (the installation:
 * its home and the modification time of {@code imgctl-cli.jar}, in seconds), {@code T} ({@code 1}
 * when stdin and stdout are terminals), one {@code E} per environment variable ({@code NAME=value}),
 * one {@code A} per argument, then one of {@code R} (run), {@code P} (status) or {@code S} (stop).
 * The server answers with {@code O} and {@code E} (bytes for stdout and stderr), then {@code X} (the
 * exit code, in decimal), or with one {@code F} (not served here: the client runs the command in a
 * JVM of its own; the reason in the payload).
 */
final class ResidentFrames {

    /** The largest frame the server reads: an argument or environment variable longer than this ends the connection. */
    static final int MAX_REQUEST_FRAME = 1 << 20;

    private ResidentFrames() {
    }

    /** One frame as read. */
    record Frame(char type, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The next frame, or null at the end of the stream before a frame starts. */
    static Frame read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new EOFException("the stream ended inside a frame's header");
        }
        int length = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (length < 0 || length > MAX_REQUEST_FRAME) {
            throw new IOException("a frame of " + Integer.toUnsignedString(length) + " bytes is longer than "
                    + MAX_REQUEST_FRAME);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("the stream ended inside a frame of " + length + " bytes");
        }
        return new Frame((char) type, payload);
    }

    static void write(OutputStream out, char type, byte[] payload, int offset, int length) throws IOException {
        out.write(type);
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(payload, offset, length);
    }

    static void write(OutputStream out, char type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out, type, bytes, 0, bytes.length);
    }
}
