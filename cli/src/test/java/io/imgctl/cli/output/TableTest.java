package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void lays_out_columns_like_the_docker_cli_tabwriter() {
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")
                .row("hello-world", "latest", "d2c94e258dcb", "7 months ago", "13.3kB");
        assertThat(table.lines()).containsExactly(
                "REPOSITORY    TAG       IMAGE ID       CREATED        SIZE",
                "hello-world   latest    d2c94e258dcb   7 months ago   13.3kB");
    }

    @Test
    void leaves_no_trailing_spaces_when_the_last_cell_is_empty() {
        Table table = new Table("A", "B").row("x", "");
        assertThat(table.lines()).containsExactly("A         B", "x");
    }

    @Test
    void refuses_rows_of_the_wrong_width() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
