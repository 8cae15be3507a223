package io.imgctl.cli;

import java.util.Locale;

/** {@code --format table|json}. */
enum Format {
    TABLE, JSON;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
