package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefCommandTest {

    /** A command line whose engine wiring fails if anything asks for it. */
    private static CliRun ref(String... args) {
        Cli cli = new Cli(() -> {
            throw new AssertionError("ref must not build an injector or reach an engine");
        }, Clock.systemUTC(), false);
        return CliRun.run(cli, Map.of(), args);
    }

    @Test
    void prints_the_spec_fields_as_json_without_an_engine() {
        CliRun run = ref("ref", "--format", "json", "alpine");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                  "domain": "docker.io",
                  "path": "library/alpine",
                  "name": "docker.io/library/alpine",
                  "tag": null,
                  "digest": null,
                  "normalized": "docker.io/library/alpine",
                  "canonical": "docker.io/library/alpine:latest",
                  "familiar": "alpine"
                }
                """);
    }

    @Test
    void prints_a_field_table_by_default() {
        CliRun run = ref("ref", "localhost:5000/demo/busybox:1.0");

        assertThat(run.outLines()).contains("domain       localhost:5000", "tag          1.0",
                "familiar     localhost:5000/demo/busybox:1.0", "digest       <none>");
    }

    @Test
    void an_invalid_reference_exits_two_with_one_line_that_says_what_is_wrong() {
        CliRun run = ref("ref", "alpine:bad tag");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("Error: \"alpine:bad tag\" is not a valid image reference: ");
    }

    @Test
    void an_uppercase_repository_is_refused_with_the_lowercase_rule() {
        CliRun run = ref("--engine", "docker", "ref", "Alpine");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("must be lowercase");
    }
}
