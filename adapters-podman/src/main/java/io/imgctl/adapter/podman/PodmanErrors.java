package io.imgctl.adapter.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.application.port.out.ConflictException;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.application.port.out.NotFoundException;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns Podman's error answers into the port's exceptions.
 *
 * <p>Podman's error body is {@code {"cause":"<root cause>","message":"<full>","response":<code>}}. Its
 * status codes are not Docker's, so the cause decides as much as the status:
 * <ul>
 *   <li>not found: 404, and also a 500 whose cause is {@code image not known} (libpod container create
 *       from a missing image), {@code no such container} or {@code tag not known} (untag of a tag the
 *       image does not have);</li>
 *   <li>conflict: 409 ({@code image is in use by a container}), and the 500s Docker answers with 409:
 *       {@code container state improper} (removing a running container) and
 *       {@code ... please force removal} (deleting by ID an image with several tags);</li>
 *   <li>anything else: {@link EngineFailureException}.</li>
 * </ul>
 */
final class PodmanErrors {

    private PodmanErrors() {
    }

    /** The exception for an HTTP error answer to {@code action} (e.g. {@code inspect image x}). */
    static EngineException fromResponse(String action, int status, String body, ObjectMapper mapper) {
        String cause = "";
        String message = body == null ? "" : body.strip();
        try {
            JsonNode json = mapper.readTree(message.isEmpty() ? "{}" : message);
            if (json != null && json.isObject()) {
                cause = json.path("cause").asText("");
                message = json.path("message").asText(message);
            }
        } catch (IOException e) {
            // not JSON: keep the raw text
        }
        if (message.isEmpty()) {
            message = "HTTP " + status;
        }
        String text = "Tried to " + action + " on podman but failed because " + oneLine(message);
        String c = (cause + " " + message).toLowerCase(Locale.ROOT);
        if (status == 404 || c.contains("image not known") || c.contains("no such container")
                || c.contains("tag not known") || c.contains("no such image")) {
            return new NotFoundException(text);
        }
        if (status == 409 || c.contains("container state improper") || c.contains("please force removal")
                || c.contains("in use")) {
            return new ConflictException(text);
        }
        return new EngineFailureException(text + " (HTTP " + status + ")");
    }

    /** The message of an in-band error record ({@code {"error":...}} or {@code errorDetail.message}). */
    static String inBandError(JsonNode record) {
        String detail = record.path("errorDetail").path("message").asText("");
        if (!detail.isEmpty()) {
            return oneLine(detail);
        }
        JsonNode error = record.path("error");
        return error.isTextual() ? oneLine(error.asText()) : "";
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
