package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --version}: the version and commit the build recorded (scripts/build-info.sh), and the Java runtime. */
class VersionTest {

    /** The repository: cli's parent. Surefire runs in the module's directory. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    void version_names_the_project_version_and_the_commit_of_this_tree() throws Exception {
        CliRun run = CliRun.run(Cli.standard(), Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        String expected = "imgctl " + projectVersion() + ", commit " + buildInfo(REPO, dir.resolve("b.properties")).getProperty("commit");
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0)).isEqualTo(expected);
        assertThat(run.outLines().get(1)).startsWith("Java 17").contains(System.getProperty("os.arch"));
    }

    @Test
    void the_script_records_the_git_head_of_the_tree() throws Exception {
        Properties info = buildInfo(REPO, dir.resolve("b.properties"));

        String head = git("rev-parse", "--short=12", "HEAD");
        assertThat(info.getProperty("version")).isEqualTo("9.9.9");
        assertThat(info.getProperty("commit")).matches(head + "(-dirty)?");
    }

    @Test
    void outside_a_git_work_tree_the_commit_is_unknown() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("unpacked-source"));

        Properties info = buildInfo(sources, dir.resolve("b.properties"));

        assertThat(info.getProperty("commit")).isEqualTo("unknown");
        assertThat(BuildInfo.of(info)).isEqualTo(new BuildInfo("9.9.9", "unknown"));
    }

    @Test
    void a_missing_or_unfiltered_value_reads_as_unknown() {
        Properties p = new Properties();
        p.setProperty("version", "${project.version}");

        assertThat(BuildInfo.of(p)).isEqualTo(new BuildInfo("unknown", "unknown"));
    }

    @Test
    void the_script_leaves_an_unchanged_file_alone() throws Exception {
        Path out = dir.resolve("b.properties");
        buildInfo(REPO, out);
        Files.setLastModifiedTime(out, java.nio.file.attribute.FileTime.fromMillis(0));

        buildInfo(REPO, out);

        assertThat(Files.getLastModifiedTime(out).toMillis()).as("not rewritten, so the jar stays up to date").isZero();
    }

    private static Properties buildInfo(Path root, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", REPO.resolve("scripts/build-info.sh").toString(), root.toString(), "9.9.9",
                out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Properties props = new Properties();
        try (var in = Files.newInputStream(out)) {
            props.load(in);
        }
        return props;
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", REPO.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    /** The pom's version, passed by surefire (cli/pom.xml). */
    private static String projectVersion() {
        String version = System.getProperty("imgctl.expected.version");
        assertThat(version).as("surefire sets imgctl.expected.version").isNotBlank();
        return version;
    }
}
