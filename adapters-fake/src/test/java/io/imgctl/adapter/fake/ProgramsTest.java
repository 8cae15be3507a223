package io.imgctl.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramsTest {

    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    private static final List<String> ALPINE = Catalogue.builtIn().entries().get(1).image().programs;
    private static final List<String> UBUNTU = Catalogue.builtIn().entries().get(5).image().programs;

    private static Programs.Outcome start(List<String> programs, String... argv) {
        return Programs.start(List.of(argv), new Programs.Context(programs, List.of(Catalogue.PATH, "GREETING=hi"),
                "", "", "0123456789ab", NOW));
    }

    private static Programs.Run run(List<String> programs, String... argv) {
        return (Programs.Run) start(programs, argv);
    }

    private static String output(Programs.Run run) {
        StringBuilder out = new StringBuilder();
        run.output().forEach(c -> out.append(c.text()));
        return out.toString();
    }

    @Test
    void programsAreFoundThroughPathOrByFullPath() {
        assertThat(output(run(ALPINE, "/bin/echo", "a"))).isEqualTo("a\n");
        assertThat(start(ALPINE, "/usr/bin/echo", "a")).isInstanceOf(Programs.NotStarted.class);
        Programs.NotStarted bash = (Programs.NotStarted) start(ALPINE, "bash");
        assertThat(bash.exitCode()).isEqualTo(127);
        assertThat(bash.message()).contains("exec: \"bash\": executable file not found in $PATH");
        assertThat(run(UBUNTU, "bash", "-c", "true").exitCode()).isZero();
    }

    @Test
    void echoWithoutNewline() {
        assertThat(output(run(ALPINE, "echo", "-n", "x", "y"))).isEqualTo("x y");
    }

    @Test
    void sleepDurations() {
        assertThat(Programs.parseSleep("5")).contains(Duration.ofSeconds(5));
        assertThat(Programs.parseSleep("1.5")).contains(Duration.ofMillis(1500));
        assertThat(Programs.parseSleep("2m")).contains(Duration.ofMinutes(2));
        assertThat(Programs.parseSleep("1h")).contains(Duration.ofHours(1));
        assertThat(Programs.parseSleep("1d")).contains(Duration.ofDays(1));
        assertThat(Programs.parseSleep("infinity")).isEmpty();
        assertThat(Programs.parseSleep("soon")).isNull();
        Programs.Run bad = run(ALPINE, "sleep", "soon");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(output(bad)).isEqualTo("sleep: invalid number 'soon'\n");
        assertThat(run(ALPINE, "sleep", "1", "2").runsFor()).contains(Duration.ofSeconds(3));
        assertThat(run(ALPINE, "sleep", "infinity").runsFor()).isEmpty();
    }

    @Test
    void shellSequencesAndConditionals() {
        Programs.Run r = run(ALPINE, "sh", "-c", "true && echo a; false && echo b; false || echo c; echo d | cat");
        assertThat(output(r)).isEqualTo("a\nc\nd\n");
        assertThat(r.exitCode()).isZero();
        assertThat(run(ALPINE, "sh", "-c", "false").exitCode()).isEqualTo(1);
        assertThat(run(ALPINE, "sh", "-c", "exit 300").exitCode()).isEqualTo(44);
        assertThat(run(ALPINE, "sh", "-c", "exit").exitCode()).isZero();
    }

    @Test
    void shellTimingAndEndlessStatements() {
        Programs.Run r = run(ALPINE, "sh", "-c", "echo a; sleep 2; echo b; sleep infinity; echo never");
        assertThat(r.runsFor()).isEmpty();
        assertThat(r.output()).extracting(Programs.Chunk::at).containsExactly(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(output(r)).isEqualTo("a\nb\n");
        assertThat(run(ALPINE, "tail", "-f", "/dev/null").runsFor()).isEmpty();
    }

    @Test
    void shellQuotingVariablesAndRedirections() {
        Programs.Run r = run(ALPINE, "sh", "-c",
                "X=1; echo \"$X-${GREETING}\" '$X' \\$X; echo hidden > /tmp/f; echo shown 2>&1; echo $HOSTNAME # comment");
        assertThat(output(r)).isEqualTo("1-hi $X $X\nshown\n0123456789ab\n");
    }

    @Test
    void shellErrorsLookLikeTheRealShells() {
        assertThat(output(run(ALPINE, "sh", "-c", "nosuch"))).isEqualTo("sh: nosuch: not found\n");
        assertThat(run(ALPINE, "sh", "-c", "nosuch").exitCode()).isEqualTo(127);
        assertThat(output(run(UBUNTU, "bash", "-c", "nosuch"))).isEqualTo("bash: nosuch: command not found\n");
        assertThat(output(run(UBUNTU, "sh", "-c", "nosuch"))).isEqualTo("/bin/sh: 1: nosuch: not found\n");
        Programs.Run unterminated = run(ALPINE, "sh", "-c", "echo 'open");
        assertThat(unterminated.exitCode()).isEqualTo(2);
        assertThat(output(unterminated)).contains("unterminated quoted string");
        assertThat(run(ALPINE, "sh", "script.sh").exitCode()).isEqualTo(2);
    }

    @Test
    void execEndsTheScript() {
        Programs.Run r = run(ALPINE, "sh", "-c", "exec echo replaced; echo never");
        assertThat(output(r)).isEqualTo("replaced\n");
    }

    @Test
    void smallUtilities() {
        assertThat(output(run(ALPINE, "hostname"))).isEqualTo("0123456789ab\n");
        assertThat(output(run(ALPINE, "whoami"))).isEqualTo("root\n");
        assertThat(output(run(ALPINE, "pwd"))).isEqualTo("/\n");
        assertThat(output(run(ALPINE, "printenv", "GREETING"))).isEqualTo("hi\n");
        assertThat(output(run(ALPINE, "date"))).isEqualTo("Fri Mar 1 10:00:00 UTC 2024\n");
        assertThat(output(run(ALPINE, "env"))).contains("GREETING=hi\n").contains("HOSTNAME=0123456789ab\n");
        assertThat(output(run(ALPINE, "uname"))).isEqualTo("Linux\n");
        assertThat(output(run(ALPINE, "ls"))).startsWith("bin\ndev\netc\n");
        assertThat(run(ALPINE, "cat", "/nope").exitCode()).isEqualTo(1);
    }

    @Test
    void shellWordsSplitStatementsWithTheirConnectors() {
        List<String> connectors = new ArrayList<>();
        List<List<String>> statements = ShellWords.split("a 1; b && c || d\n e;", connectors);
        assertThat(statements).containsExactly(List.of("a", "1"), List.of("b"), List.of("c"), List.of("d"), List.of("e"));
        assertThat(connectors).containsExactly(";", "&&", "||", ";");
        assertThat(ShellWords.expand("$A${B}$?$$", Map.of("A", "x", "B", "y"), 3)).isEqualTo("xy31");
        assertThat(Optional.of(ShellWords.expand("cost: $", Map.of(), 0))).contains("cost: $");
    }
}
