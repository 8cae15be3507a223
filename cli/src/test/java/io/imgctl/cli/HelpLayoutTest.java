package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code --help}: commands grouped by topic, and every command's help ends with examples that parse. */
class HelpLayoutTest {

    private static CommandLine commandLine() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return Cli.commandLine(new ImgctlCommand(), sink, sink);
    }

    static Stream<String> commands() {
        return commandLine().getSubcommands().keySet().stream();
    }

    @Test
    void root_help_lists_the_commands_under_their_topics_in_order() {
        CliRun run = CliRun.run(Cli.standard(), Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).doesNotContain("Commands:");
        List<String> headings = lines.stream().filter(l -> l.matches("[A-Z][a-z ]+:")).toList();
        assertThat(headings).containsSubsequence("Images:", "Containers:", "Removal:", "Custom images:", "Other:",
                "Configuration:", "Examples:");
        String out = run.out();
        assertThat(section(out, "Images:")).contains("images", "pull", "inspect", "history", "layers", "ref")
                .doesNotContain("  rmi ");
        assertThat(section(out, "Containers:")).contains("  run ", "  ps ", "  rm ");
        assertThat(section(out, "Removal:")).contains("  rmi ", "  prune ", "  df ");
        assertThat(section(out, "Custom images:")).contains("  commit ", "  tag ", "  push ");
        assertThat(section(out, "Other:")).contains("  completion ", "  demo ");
    }

    @Test
    void every_command_is_in_exactly_one_topic() {
        List<String> listed = new ArrayList<>();
        HelpLayout.TOPICS.values().forEach(listed::addAll);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(commands().toList());
    }

    @Test
    void a_command_no_topic_names_is_listed_under_other_rather_than_left_out() {
        var grouped = HelpLayout.grouped(List.of("images", "frobnicate", "demo"));

        assertThat(grouped).containsOnlyKeys("Images", "Other");
        assertThat(grouped.get("Other")).containsExactly("demo", "frobnicate");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void every_command_help_ends_with_examples_that_parse(String command) {
        CliRun run = CliRun.run(Cli.standard(), Map.of(), command, "--help");

        assertThat(run.exitCode()).isZero();
        List<String> examples = examples(run.out());
        assertThat(examples).as(command + " --help has examples").isNotEmpty();
        for (String example : examples) {
            List<String> words = words(example);
            if (!words.get(0).equals("imgctl")) {
                continue; // a shell line around imgctl, e.g. echo 'source <(imgctl completion zsh)' >> ~/.zshrc
            }
            String[] args = words.subList(1, words.size()).toArray(String[]::new);
            assertThatCode(() -> {
                ParseResult parsed = commandLine().parseArgs(args);
                assertThat(parsed.subcommand()).as(example).isNotNull();
                assertThat(parsed.subcommand().commandSpec().name()).as(example).isEqualTo(command);
            }).as(example).doesNotThrowAnyException();
        }
        assertThat(examples.stream().filter(e -> e.startsWith("imgctl "))).as(command + ": at least one imgctl line")
                .isNotEmpty();
    }

    /** The lines after "Examples:", unindented. */
    private static List<String> examples(String help) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Examples:")) {
                in = true;
            } else if (in && line.startsWith("  ")) {
                out.add(line.trim());
            } else if (in) {
                in = false;
            }
        }
        return out;
    }

    private static String section(String help, String heading) {
        int start = help.indexOf("\n" + heading + "\n");
        int end = help.indexOf("\n\n", start + 1);
        return help.substring(start, end < 0 ? help.length() : end);
    }

    /** Shell words: single and double quotes, up to a redirection. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '>' || c == '|') {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
