package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file through whole command lines on the built-in engine: defaults, policies, precedence, errors. */
class ConfigFileCommandsTest {

    @TempDir
    Path dir;

    private Path config;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void ownStateAndConfig() {
        config = dir.resolve("cfg/imgctl/config.json");
        env.put("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString());
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
    }

    private void config(String json) throws IOException {
        Files.createDirectories(config.getParent());
        Files.writeString(config, json);
    }

    private CliRun imgctl(String... args) {
        return CliRun.run(Cli.standard(), env, args);
    }

    private void pullThreeAndUseOne() {
        assertThat(imgctl("--engine", "fake", "pull", "-q", "hello-world").exitCode()).isZero();
        assertThat(imgctl("--engine", "fake", "pull", "-q", "alpine:3.13").exitCode()).isZero();
        assertThat(imgctl("--engine", "fake", "pull", "-q", "nginx:alpine").exitCode()).isZero();
        assertThat(imgctl("--engine", "fake", "run", "--name", "user", "alpine:3.13", "true").exitCode()).isZero();
    }

    private static JsonNode plan(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        ObjectNode plan = run.json().deepCopy();
        plan.remove("outcomes");
        return plan;
    }

    @Test
    void the_files_format_is_the_default_and_the_option_wins() throws IOException {
        config("{\"format\": \"json\"}");
        imgctl("--engine", "fake", "pull", "-q", "alpine:3.13");

        CliRun json = imgctl("--engine", "fake", "images");
        CliRun table = imgctl("--engine", "fake", "images", "--format", "table");

        assertThat(json.json().get(0).get("tags").get(0).asText()).isEqualTo("alpine:3.13");
        assertThat(table.outLines().get(0)).startsWith("REPOSITORY");
        assertThat(imgctl("ref", "alpine").json().get("familiar").asText()).isEqualTo("alpine");
    }

    @Test
    void the_files_engine_is_used_unless_one_is_given() throws IOException {
        config("{\"engine\": \"fake\"}");

        CliRun fromFile = imgctl("--verbose", "images");
        CliRun given = imgctl("--engine", "docker", "--host", "unix://" + dir.resolve("no.sock"), "images");

        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.err()).contains("imgctl: using the config file " + config)
                .contains("using the fake engine (\"engine\" in " + config + ")");
        assertThat(given.exitCode()).isEqualTo(3);
        assertThat(given.err()).contains(dir.resolve("no.sock").toString());
    }

    @Test
    void the_files_host_gives_way_to_the_environment_and_the_option() throws IOException {
        config("{\"engine\": \"docker\", \"host\": \"unix://" + dir.resolve("file.sock") + "\"}");

        CliRun fromFile = imgctl("images");
        env.put("DOCKER_HOST", "unix://" + dir.resolve("env.sock"));
        CliRun fromEnv = imgctl("images");
        CliRun fromOption = imgctl("--host", "unix://" + dir.resolve("option.sock"), "images");

        assertThat(fromFile.exitCode()).isEqualTo(3);
        assertThat(fromFile.err()).contains(dir.resolve("file.sock").toString());
        assertThat(fromEnv.err()).contains(dir.resolve("env.sock").toString()).doesNotContain("file.sock");
        assertThat(fromOption.err()).contains(dir.resolve("option.sock").toString()).doesNotContain("env.sock");
    }

    @Test
    void a_named_policy_plans_exactly_what_its_options_typed_out_plan() throws IOException {
        config("{\"policies\": {\"nightly\": {\"unused\": true, \"keep\": [\"nginx:*\"]}}}");
        pullThreeAndUseOne();

        JsonNode byName = plan(imgctl("--engine", "fake", "prune", "--policy", "nightly", "--dry-run", "--format", "json"));
        JsonNode typedOut = plan(imgctl("--engine", "fake", "prune", "--unused", "--keep", "nginx:*", "--dry-run",
                "--format", "json"));

        assertThat(byName).isEqualTo(typedOut);
        assertThat(byName.get("actions").toString()).contains("hello-world");
        assertThat(byName.get("kept").toString()).contains("nginx:alpine").contains("alpine:3.13");
    }

    @Test
    void options_on_the_command_line_win_and_keeps_add_up() throws IOException {
        config("{\"policies\": {\"old\": {\"unused\": true, \"older-than\": \"30d\", \"keep\": [\"nginx:*\"]}}}");
        pullThreeAndUseOne();

        JsonNode asWritten = plan(imgctl("--engine", "fake", "prune", "--policy", "old", "--dry-run", "--format", "json"));
        JsonNode olderThanNow = plan(imgctl("--engine", "fake", "prune", "--policy", "old", "--older-than", "0s",
                "--dry-run", "--format", "json"));
        JsonNode alsoKept = plan(imgctl("--engine", "fake", "prune", "--policy", "old", "--older-than", "0s",
                "--keep", "hello-world:*", "--dry-run", "--format", "json"));

        assertThat(asWritten.get("actions")).as("just pulled: nothing is 30 days old").isEmpty();
        assertThat(olderThanNow.get("actions").toString()).contains("hello-world").doesNotContain("nginx");
        assertThat(alsoKept.get("actions")).as("--keep adds to the policy's keeps").isEmpty();
        assertThat(alsoKept.get("kept").toString()).contains("hello-world:*").contains("nginx:*");
    }

    @Test
    void a_policy_the_file_does_not_have_is_bad_usage() throws IOException {
        config("{\"policies\": {\"weekly\": {\"unused\": true}}}");

        CliRun run = imgctl("--engine", "fake", "prune", "--policy", "nightly", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("Error: Tried to use the prune policy \"nightly\" but failed because "
                + config + " has no policy of that name under \"policies\" (it has weekly)");
    }

    @Test
    void a_bad_file_stops_commands_that_read_it_with_one_line_and_exit_2_but_not_help() throws IOException {
        config("{\"engine\": \"fake\", \"policies\": {\"nightly\": {\"older-than\": \"a week\"}}}");

        CliRun images = imgctl("images");
        CliRun help = imgctl("--help");

        assertThat(images.exitCode()).isEqualTo(2);
        assertThat(images.errLines()).containsExactly("Error: Tried to read the config file " + config
                + " but failed because \"policies.nightly.older-than\": invalid duration \"a week\": use a number and a"
                + " unit, e.g. 10m, 24h, 7d or 2w");
        assertThat(help.exitCode()).isZero();
    }

    @Test
    void the_demo_ignores_the_users_config_file() throws IOException {
        config("{\"format\": \"json\", \"engine\": \"docker\", \"host\": \"unix:///nowhere.sock\"}");

        CliRun demo = imgctl("demo");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("REPOSITORY   TAG").doesNotContain("\"tags\"");
    }
}
