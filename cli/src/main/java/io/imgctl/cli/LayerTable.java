package io.imgctl.cli;

import io.imgctl.application.port.in.LayerView;
import io.imgctl.cli.output.Durations;
import io.imgctl.cli.output.Sizes;
import io.imgctl.cli.output.Table;
import io.imgctl.cli.output.Texts;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The table {@code history} and {@code layers} share: one row per layer, newest first. The first five
 * columns are {@code docker history}'s ({@code COMMENT} being the layer's history comment, e.g. a
 * {@code commit --message}, shown whole as Docker does), then {@code SHARED WITH}.
 */
final class LayerTable {

    private LayerTable() {
    }

    /**
     * @param firstHeader {@code IMAGE} or {@code LAYER}
     * @param firstCell   the first column of row {@code i}
     */
    static Table of(List<LayerView> layers, String firstHeader, IntFunction<String> firstCell, boolean noTrunc,
                    Instant now) {
        Table table = new Table(firstHeader, "CREATED", "CREATED BY", "SIZE", "COMMENT", "SHARED WITH");
        for (int i = 0; i < layers.size(); i++) {
            LayerView view = layers.get(i);
            String createdBy = view.layer().createdBy().replace('\t', ' ');
            table.row(firstCell.apply(i),
                    view.layer().created().map(t -> Durations.ago(t, now)).orElse("N/A"),
                    noTrunc ? createdBy : Texts.ellipsis(createdBy, 45),
                    Sizes.human(view.layer().size()),
                    oneLine(view.layer().comment()),
                    String.join(", ", view.sharedWith()));
        }
        return table;
    }

    /** A comment on one table line: line breaks and tabs become spaces. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ").strip();
    }
}
