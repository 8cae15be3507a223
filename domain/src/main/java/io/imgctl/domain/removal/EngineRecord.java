package io.imgctl.domain.removal;

import java.util.Objects;

/**
 * One line of what an engine reports it did for a removal: a name it untagged or an image it deleted,
 * printed as Docker prints it ({@code Untagged: web:1}, {@code Deleted: sha256:...}).
 *
 * @param kind  untagged or deleted
 * @param value the name untagged, or the ID of the image deleted
 */
public record EngineRecord(Kind kind, String value) {

    public enum Kind { UNTAGGED, DELETED }

    public EngineRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return (kind == Kind.UNTAGGED ? "Untagged: " : "Deleted: ") + value;
    }
}
