package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code completion bash|zsh}: the script is loaded into a real bash and asked for completions. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    private Path script;

    @BeforeEach
    void saveTheBashScript() throws IOException {
        CliRun run = CliRun.run(Cli.standard(), Map.of(), "completion", "bash");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        script = Files.writeString(dir.resolve("imgctl.bash"), run.out());
    }

    @Test
    void bash_completes_command_names() throws Exception {
        assertThat(complete("imgctl", "im")).containsExactly("images");
        assertThat(complete("imgctl", "p")).containsExactlyInAnyOrder("pull", "ps", "push", "prune");
        assertThat(complete("imgctl", "comp")).containsExactly("completion");
    }

    @Test
    void bash_completes_options_and_their_values() throws Exception {
        assertThat(complete("imgctl", "--engine", "")).containsExactly("auto", "docker", "podman", "fake");
        assertThat(complete("imgctl", "prune", "--po")).containsExactly("--policy");
        assertThat(complete("imgctl", "images", "--format", "")).containsExactly("table", "json");
        assertThat(complete("imgctl", "completion", "")).containsExactly("bash", "zsh");
    }

    @Test
    void zsh_gets_the_same_completion_through_bashcompinit() {
        CliRun zsh = CliRun.run(Cli.standard(), Map.of(), "completion", "zsh");

        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).contains("bashcompinit", "complete -F _complete_imgctl");
        assertThat(zsh.out()).endsWith(CliRun.run(Cli.standard(), Map.of(), "completion", "bash").out());
    }

    @Test
    void an_unknown_shell_is_bad_usage() {
        CliRun run = CliRun.run(Cli.standard(), Map.of(), "completion", "fish");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("fish").contains("bash").contains("zsh");
    }

    /** Sources the script in a non-interactive bash and runs its completion function on the words. */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String program = "compopt() { :; }\n" // only exists while bash runs a completion for a terminal
                + "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=" + line.length() + "\n"
                + "_complete_imgctl\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
