package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgctl.application.port.out.PullEvent;
import io.imgctl.application.port.out.PullListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the progress stream of Podman's Docker-compatible pull, {@code POST /v1.41/images/create}.
 *
 * <p>Why the compatible endpoint and not libpod's: libpod's pull reports only text lines
 * ({@code Copying blob sha256:...}) and, in Podman 4.3, says the same for a blob it skipped because the
 * layer was already there, so "Already exists" cannot be told apart. The compatible pull speaks Docker's
 * vocabulary per layer: {@code Already exists}, {@code Pulling fs layer}, {@code Downloading} (with byte
 * counts), {@code Download complete}, each with a 12-character layer ID; those are passed on as they are.
 *
 * <p>What differs from Docker, and what is done about it:
 * <ul>
 *   <li>Podman also reports the image's config blob as if it were a layer (its ID is the image ID's
 *       first 12 characters), last. Events are therefore held back per ID until an event for another ID
 *       arrives; at the end, {@link #finish} drops the held events when they are the config's.</li>
 *   <li>A downloaded layer ends at {@code Download complete}: Podman reports no extraction. When the
 *       stream has ended the layers are stored, so {@link #finish} then reports {@code Pull complete} for
 *       each layer that was downloaded, as Docker ends each one.</li>
 *   <li>There are no {@code Digest:} / {@code Status:} lines; the adapter works out the digest and
 *       whether anything was downloaded from the image before and after.</li>
 *   <li>Errors always come in-band with HTTP 200, as {@code {"errorDetail":{"message":...},"error":...}}
 *       without a {@code status} (a missing manifest, a refused login); {@link #accept} returns the
 *       message and the caller turns it into a registry failure.</li>
 * </ul>
 */
final class PullStream {

    private final PullListener listener;
    private final List<PullEvent> held = new ArrayList<>();
    private final Set<String> downloaded = new LinkedHashSet<>();
    private String heldId = "";
    private int records;

    PullStream(PullListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Takes one record; returns the error message when the record is an in-band error. */
    Optional<String> accept(JsonNode record) {
        records++;
        String error = PodmanErrors.inBandError(record);
        if (!error.isEmpty()) {
            return Optional.of(error);
        }
        String status = record.path("status").asText("").strip();
        if (status.isEmpty()) {
            return Optional.empty();
        }
        String id = record.path("id").asText("");
        if (id.isEmpty()) {
            flush();
            listener.onEvent(PullEvent.of(status));
            return Optional.empty();
        }
        if (status.equals("Download complete")) {
            downloaded.add(id);
        }
        if (!id.equals(heldId)) {
            flush();
            heldId = id;
        }
        JsonNode detail = record.path("progressDetail");
        long current = Math.max(0, detail.path("current").asLong(0));
        long total = Math.max(0, detail.path("total").asLong(0));
        held.add(current == 0 && total == 0 ? PullEvent.layer(id, status) : PullEvent.progress(id, status, current, total));
        return Optional.empty();
    }

    /**
     * Ends a successful stream: passes on what is still held, unless it is about {@code configShortId}
     * (the pulled image's config), then {@code Pull complete} for every downloaded layer.
     */
    void finish(Optional<String> configShortId) {
        if (configShortId.isPresent() && configShortId.get().equals(heldId)) {
            held.clear();
        }
        flush();
        for (String id : downloaded) {
            if (configShortId.isEmpty() || !configShortId.get().equals(id)) {
                listener.onEvent(PullEvent.layer(id, "Pull complete"));
            }
        }
    }

    int records() {
        return records;
    }

    private void flush() {
        for (PullEvent e : held) {
            listener.onEvent(e);
        }
        held.clear();
        heldId = "";
    }
}
