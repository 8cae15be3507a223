package io.imgctl.adapter.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import io.imgctl.domain.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the progress stream of a pull ({@code POST /images/create}) or a push
 * ({@code POST /images/{name}/push}): newline-delimited JSON messages with {@code status}, {@code id},
 * {@code progressDetail{current,total}}, {@code aux}, and for failures {@code errorDetail{message}} and
 * {@code error}. Every message with a status becomes a {@link PullEvent}; what the final lines say
 * (the manifest digest, whether anything was downloaded, the pushed size) is remembered.
 *
 * <p>An error message ends the stream: {@link #readAll} throws {@link StreamError} with the registry's
 * own words. (docker-java's pull callback fails with a NullPointerException on such a message when it
 * comes first, which is why the adapter reads the stream itself.)
 */
final class ProgressStream {

    /** An in-band error: the daemon answered 200, then reported a failure in the stream. */
    static final class StreamError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamError(String message) {
            super(message);
        }
    }

    private static final Pattern DIGEST_LINE = Pattern.compile("^Digest: (\\S+)$");
    private static final Pattern PUSHED_LINE = Pattern.compile("digest: (sha256:[a-f0-9]{64}) size: (\\d+)");

    private final PullListener listener;
    private Optional<Digest> digest = Optional.empty();
    private boolean downloaded;
    private boolean upToDate;
    private long size = -1;
    private int messages;

    ProgressStream(PullListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Reads every message of {@code body} until it ends; throws {@link StreamError} on an in-band error. */
    void readAll(InputStream body, ObjectMapper mapper) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(body);
             MappingIterator<JsonNode> it = mapper.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                accept(it.nextValue());
            }
        }
    }

    /** Takes one message: reports it, or throws {@link StreamError} when it is an error. */
    void accept(JsonNode message) {
        messages++;
        String error = message.path("errorDetail").path("message").asText("");
        if (error.isEmpty()) {
            error = message.path("error").asText("");
        }
        if (!error.isEmpty()) {
            throw new StreamError(error.strip());
        }
        JsonNode aux = message.path("aux");
        if (aux.isObject()) {
            String d = aux.path("Digest").asText("");
            if (Digest.isValid(d)) {
                digest = Optional.of(Digest.parse(d));
            }
            if (aux.path("Size").canConvertToLong() && aux.has("Size") && aux.path("Size").asLong() >= 0) {
                size = aux.path("Size").asLong();
            }
        }
        String status = message.path("status").asText("").strip();
        if (status.isEmpty()) {
            return;
        }
        Matcher digestLine = DIGEST_LINE.matcher(status);
        if (digestLine.matches() && Digest.isValid(digestLine.group(1))) {
            digest = Optional.of(Digest.parse(digestLine.group(1)));
        }
        Matcher pushed = PUSHED_LINE.matcher(status);
        if (pushed.find()) {
            digest = Optional.of(Digest.parse(pushed.group(1)));
            try {
                size = Long.parseLong(pushed.group(2));
            } catch (NumberFormatException beyondLong) {
                size = -1;
            }
        }
        if (status.startsWith("Status: Downloaded newer image")) {
            downloaded = true;
        } else if (status.startsWith("Status: Image is up to date")) {
            upToDate = true;
        }
        listener.onEvent(toEvent(message, status));
    }

    private static PullEvent toEvent(JsonNode message, String status) {
        String id = message.path("id").asText("");
        // "Pulling from x" carries the tag as its id: it is about the whole image, not a layer.
        if (id.isEmpty() || status.startsWith("Pulling from")) {
            return PullEvent.of(status);
        }
        JsonNode detail = message.path("progressDetail");
        long current = Math.max(0, detail.path("current").asLong(0));
        long total = Math.max(0, detail.path("total").asLong(0));
        return current == 0 && total == 0 ? PullEvent.layer(id, status) : PullEvent.progress(id, status, current, total);
    }

    /** The manifest digest from {@code Digest: sha256:...}, the push's digest line or its {@code aux}. */
    Optional<Digest> digest() {
        return digest;
    }

    /** True after {@code Status: Downloaded newer image for ...}. */
    boolean downloaded() {
        return downloaded;
    }

    /** Whether the pull ended with one of Docker's two success lines. */
    boolean pullCompleted() {
        return downloaded || upToDate;
    }

    /** The pushed manifest's size, -1 when the stream did not say. */
    long size() {
        return size;
    }

    int messages() {
        return messages;
    }
}
