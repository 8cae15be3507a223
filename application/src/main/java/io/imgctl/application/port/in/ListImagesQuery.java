package io.imgctl.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code images [REPO[:TAG]] [-a] [--filter K=V]...}.
 *
 * @param repository a repository (and tag) to match, as {@code docker images REPO[:TAG]}; globs allowed
 * @param all        include untagged intermediate images (parents of other images)
 * @param filters    {@code reference=}, {@code dangling=}, {@code label=}, {@code before=}, {@code since=}
 *                   as {@code key=value} strings; an unknown key is bad input (exit 2)
 */
public record ListImagesQuery(Optional<String> repository, boolean all, List<String> filters) {
    public ListImagesQuery {
        Objects.requireNonNull(repository, "repository");
        filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
    }

    public static ListImagesQuery everything() {
        return new ListImagesQuery(Optional.empty(), false, List.of());
    }
}
