package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** picocli is given only the subcommand the command line names (start-up), and behaves as with all of them. */
class SubcommandChoiceTest {

    @Test
    void theNamedSubcommandAloneAfterTheGlobalOptions() {
        assertThat(ImgctlCommand.neededBy("images")).containsExactly("images");
        assertThat(ImgctlCommand.neededBy("--engine", "docker", "--host", "unix:///x", "--verbose", "ps", "-a"))
                .containsExactly("ps");
        assertThat(ImgctlCommand.neededBy("--engine=fake", "--host=tcp://h:1", "--no-color", "rmi", "x")).containsExactly("rmi");
        assertThat(ImgctlCommand.neededBy("--engine", "images")).as("images is --engine's value here")
                .isEqualTo(ImgctlCommand.SUBCOMMANDS);
    }

    @Test
    void noneForABareVersionRequestAndAllForAnythingElse() {
        assertThat(ImgctlCommand.neededBy("--version")).isEmpty();
        assertThat(ImgctlCommand.neededBy("--engine", "fake", "-V")).isEmpty();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-h", "images"),
                List.of("--version", "images"), List.of("imagez"), List.of("-x", "images"), List.of("@args.txt"),
                List.of("completion", "bash"), List.of("--engine", "fake", "completion", "zsh"))) {
            assertThat(ImgctlCommand.neededBy(args.toArray(String[]::new))).as(String.join(" ", args))
                    .isEqualTo(ImgctlCommand.SUBCOMMANDS);
        }
    }

    @Test
    void everySubcommandIsNamedOnceAndMade() {
        assertThat(ImgctlCommand.SUBCOMMANDS).doesNotHaveDuplicates().hasSize(17);
        for (String name : ImgctlCommand.SUBCOMMANDS) {
            Object command = ImgctlCommand.subcommand(name);
            assertThat(command.getClass().getAnnotation(picocli.CommandLine.Command.class).name()).isEqualTo(name);
        }
    }

    @Test
    void helpStillListsEveryCommandAndEachCommandsOwnHelpWorksAlone() {
        Run help = run("--help");
        assertThat(help.code).isZero();
        for (String name : ImgctlCommand.SUBCOMMANDS) {
            assertThat(help.out).containsPattern("(?m)^  " + name + " ");
            Run own = run(name, "--help");
            assertThat(own.code).as(name).isZero();
            assertThat(own.out).as(name).startsWith("Usage: imgctl " + name);
        }
        assertThat(run("--version").out).startsWith("imgctl ").contains(", commit ");
        Run unknown = run("imagez");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).contains("Unmatched argument at index 0: 'imagez'");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ServedRuns.main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
