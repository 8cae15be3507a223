package io.imgctl.adapter.docker;

import io.imgctl.domain.image.Digest;
import io.imgctl.domain.image.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Joins an image's layers ({@code RootFS.Layers} of the inspect answer: diff IDs, base first) with its
 * history ({@code GET /images/{name}/history}: newest first) to give each layer its size, instruction,
 * time and comment.
 *
 * <p>The history has one entry per build step; only the steps that made a layer have a diff ID, and
 * Docker's history answer does not carry the {@code empty_layer} flag. Docker does fill {@code Size}
 * with the layer's size for steps that made a layer, and with 0 for the others. So, oldest first:
 * <ol>
 *   <li>every entry with a size above zero made a layer;</li>
 *   <li>when that gives fewer entries than diff IDs (a step made an empty layer), the missing ones are
 *       taken from the zero-size entries whose instruction can make a layer (not a metadata-only
 *       {@code CMD}, {@code ENV}, {@code LABEL}, ... step), earliest first, then from the others;</li>
 *   <li>the chosen entries map to the diff IDs in order. If there are more of them than diff IDs (never
 *       seen), the newest ones are used; diff IDs without an entry get size 0 and no instruction.</li>
 * </ol>
 * Entries whose {@code Id} is {@code <missing>} (steps not built locally) carry sizes like the others.
 */
final class LayerHistory {

    /**
     * One history entry as Docker gives it. {@code created} is in unix seconds (0 when unknown);
     * {@code comment} is the entry's {@code Comment} ({@code docker commit --message}, {@code Imported from -}).
     */
    record Entry(String id, long created, String createdBy, long size, String comment) {
        Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(createdBy, "createdBy");
            Objects.requireNonNull(comment, "comment");
        }

        Entry(String id, long created, String createdBy, long size) {
            this(id, created, createdBy, size, "");
        }
    }

    private static final Pattern METADATA_STEP = Pattern.compile(
            "^(?:/bin/sh -c #\\(nop\\)\\s*)?(?:CMD|ENTRYPOINT|ENV|LABEL|EXPOSE|USER|WORKDIR|VOLUME|ARG|ONBUILD"
                    + "|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\\b.*", Pattern.DOTALL);

    private LayerHistory() {
    }

    /**
     * @param diffIds       the image's diff IDs, base first
     * @param newestFirst   its history as Docker returns it
     */
    static List<Layer> layers(List<Digest> diffIds, List<Entry> newestFirst) {
        List<Entry> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        int wanted = diffIds.size();

        boolean[] chosen = new boolean[oldestFirst.size()];
        int count = 0;
        for (int i = 0; i < oldestFirst.size(); i++) {
            if (oldestFirst.get(i).size() > 0) {
                chosen[i] = true;
                count++;
            }
        }
        for (int pass = 0; pass < 2 && count < wanted; pass++) {
            for (int i = 0; i < oldestFirst.size() && count < wanted; i++) {
                boolean metadata = METADATA_STEP.matcher(oldestFirst.get(i).createdBy().strip()).matches();
                if (!chosen[i] && (pass == 1 || !metadata)) {
                    chosen[i] = true;
                    count++;
                }
            }
        }
        List<Entry> steps = new ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            if (chosen[i]) {
                steps.add(oldestFirst.get(i));
            }
        }
        if (steps.size() > wanted) {
            steps = steps.subList(steps.size() - wanted, steps.size());
        }

        List<Layer> layers = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) {
            if (i < steps.size()) {
                Entry e = steps.get(i);
                Optional<Instant> created = e.created() > 0 ? Optional.of(Instant.ofEpochSecond(e.created())) : Optional.empty();
                layers.add(new Layer(diffIds.get(i), Math.max(0, e.size()), e.createdBy(), created, e.comment()));
            } else {
                layers.add(new Layer(diffIds.get(i), 0));
            }
        }
        return layers;
    }
}
