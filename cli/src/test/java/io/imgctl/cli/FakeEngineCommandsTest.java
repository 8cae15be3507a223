package io.imgctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end through {@link Main#run} (or the resident server, see {@link io.imgctl.cli.ServedRuns}) on the built-in engine, each test with a state
 * file of its own.
 */
class FakeEngineCommandsTest {

    @TempDir
    Path dir;

    private CliRun imgctl(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "--engine";
        line[1] = "fake";
        System.arraycopy(args, 0, line, 2, args.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ServedRuns.main(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                Map.of("IMGCTL_FAKE_STATE", dir.resolve("state.json").toString(), "HOME", dir.toString()), line);
        return new CliRun(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void pull_then_pull_again_is_up_to_date() {
        CliRun first = imgctl("pull", "hello-world");
        CliRun second = imgctl("pull", "hello-world");

        assertThat(first.exitCode()).isZero();
        assertThat(first.outLines()).containsExactly("docker.io/library/hello-world:latest");
        assertThat(first.errLines()).first().isEqualTo("latest: Pulling from library/hello-world");
        assertThat(first.errLines()).last().isEqualTo("Status: Downloaded newer image for hello-world:latest");
        assertThat(first.errLines()).filteredOn(l -> l.startsWith("Digest: sha256:")).hasSize(1);
        assertThat(first.errLines()).filteredOn(l -> l.startsWith("Status: ")).hasSize(1);
        assertThat(second.errLines()).last().isEqualTo("Status: Image is up to date for hello-world:latest");
        assertThat(imgctl("images").outLines()).hasSize(2).last().asString().startsWith("hello-world   latest");
    }

    @Test
    void run_pulls_a_missing_image_and_every_run_makes_a_new_container() {
        CliRun first = imgctl("run", "hello-world");
        CliRun second = imgctl("run", "hello-world");

        assertThat(first.exitCode()).isZero();
        assertThat(first.errLines()).first().isEqualTo("Unable to find image 'hello-world:latest' locally");
        assertThat(first.out()).contains("Hello from Docker!");
        assertThat(second.err()).isEmpty();
        CliRun ps = imgctl("ps", "-a");
        assertThat(ps.outLines()).hasSize(3);
        assertThat(ps.outLines().get(1)).contains("hello-world", "\"/hello\"", "Exited (0)");
        assertThat(imgctl("ps").outLines()).hasSize(1);
    }

    @Test
    void a_layer_already_present_is_not_pulled_again_and_history_shows_the_sharing() {
        imgctl("pull", "alpine:3.13");
        CliRun node = imgctl("pull", "node:alpine3.13");

        assertThat(node.err()).contains(": Already exists");
        CliRun history = imgctl("history", "node:alpine3.13");
        assertThat(history.outLines().get(0)).isEqualTo(
                "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT   SHARED WITH");
        assertThat(history.outLines()).last().asString().endsWith("alpine:3.13");
        JsonNode layers = imgctl("layers", "--format", "json", "node:alpine3.13").json();
        assertThat(CliRun.texts(layers.get(layers.size() - 1).get("sharedWith"))).containsExactly("alpine:3.13");
    }

    @Test
    void rmi_refuses_an_image_in_use_then_force_leaves_the_container_orphaned() {
        imgctl("run", "--name", "tutorial", "alpine:3.13", "true");

        CliRun refused = imgctl("rmi", "alpine:3.13");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errLines()).singleElement().asString()
                .startsWith("Error: conflict: unable to remove repository reference \"alpine:3.13\"")
                .contains("tutorial");

        CliRun forced = imgctl("rmi", "-f", "alpine:3.13");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.outLines()).contains("Untagged: alpine:3.13").anyMatch(l -> l.startsWith("Deleted: sha256:"));

        String imageId = imgctl("ps", "-a", "--format", "json").json().get(0).get("imageId").asText();
        CliRun ps = imgctl("ps", "-a");
        assertThat(ps.outLines().get(1)).contains(imageId.substring(7, 19)).contains("tutorial");
        assertThat(imgctl("ps", "-a", "--format", "json").json().get(0).get("image").asText()).isEqualTo(imageId);
    }

    @Test
    void dry_run_prints_the_plan_and_changes_nothing() {
        imgctl("run", "--name", "tutorial", "hello-world");

        CliRun plan = imgctl("rmi", "--with-containers", "--dry-run", "hello-world");

        assertThat(plan.exitCode()).isZero();
        assertThat(plan.outLines().get(0)).startsWith("ACTION").contains("TARGET", "SIZE", "REASON");
        assertThat(plan.out()).contains("removeContainer", "tutorial", "untag", "hello-world:latest", "deleteImage");
        assertThat(plan.outLines()).last().asString().startsWith("Would reclaim ");
        assertThat(imgctl("ps", "-a", "-q").outLines()).hasSize(1);
        assertThat(imgctl("images", "-q").outLines()).hasSize(1);
    }

    @Test
    void the_bytes_rmi_reclaims_equal_the_drop_in_df() {
        imgctl("pull", "alpine:3.13");
        imgctl("pull", "node:alpine3.13");
        imgctl("pull", "nginx:alpine");
        long before = imgctl("df", "--format", "json").json().get("totalSize").asLong();

        JsonNode removal = imgctl("rmi", "--format", "json", "node:alpine3.13", "nginx:alpine").json();

        long after = imgctl("df", "--format", "json").json().get("totalSize").asLong();
        assertThat(removal.get("dryRun").asBoolean()).isFalse();
        assertThat(removal.get("reclaimedBytes").asLong()).isPositive().isEqualTo(before - after);
        assertThat(removal.get("outcomes")).allMatch(o -> o.get("result").asText().equals("done"));
    }

    @Test
    void tag_adds_a_row_and_inspect_shows_both_tags() {
        imgctl("pull", "alpine:3.13");

        assertThat(imgctl("tag", "alpine:3.13", "localhost:5000/demo/alpine:1.0").exitCode()).isZero();

        assertThat(imgctl("images").outLines()).hasSize(3);
        JsonNode image = imgctl("inspect", "localhost:5000/demo/alpine:1.0").json();
        assertThat(CliRun.texts(image.get("tags"))).containsExactlyInAnyOrder("alpine:3.13", "localhost:5000/demo/alpine:1.0");
        assertThat(image.get("layers")).isNotEmpty();
    }

    @Test
    void bad_input_and_unknown_things_get_their_exit_codes() {
        assertThat(imgctl("images", "--filter", "colour=red").exitCode()).isEqualTo(2);
        assertThat(imgctl("pull", "Alpine").exitCode()).isEqualTo(2);
        CliRun missing = imgctl("inspect", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errLines()).singleElement().asString().startsWith("Error: ");
        assertThat(imgctl("rm", "nothere").exitCode()).isEqualTo(1);
    }

    @Test
    void commit_applies_changes_and_an_unsupported_change_is_bad_usage() {
        assertThat(imgctl("run", "--name", "work", "alpine:3.13", "sh", "-c", "echo hello > /greeting").exitCode())
                .isZero();

        CliRun refused = imgctl("commit", "-c", "RUN rm -rf /", "work", "me/greeter:1");
        CliRun commit = imgctl("commit", "-m", "add greeting", "-a", "Me", "-c", "CMD [\"cat\", \"/greeting\"]",
                "-c", "LABEL org.example.kind=greeter", "work", "me/greeter:1");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().contains("unsupported change \"RUN rm -rf /\"");
        assertThat(commit.exitCode()).isZero();
        JsonNode config = imgctl("inspect", "me/greeter:1").json().get("config");
        assertThat(CliRun.texts(config.get("cmd"))).containsExactly("cat", "/greeting");
        assertThat(config.get("labels").get("org.example.kind").asText()).isEqualTo("greeter");
        CliRun run = imgctl("run", "me/greeter:1");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello\n");
    }

    @Test
    void inspect_of_a_container_shows_its_image_state_and_writable_layer_size() {
        assertThat(imgctl("run", "--name", "work", "alpine:3.13", "sh", "-c", "echo hi > /greeting; exit 3").exitCode())
                .isEqualTo(3);
        String imageId = imgctl("inspect", "alpine:3.13").json().get("id").asText();

        JsonNode container = imgctl("inspect", "work").json();
        CliRun typed = imgctl("inspect", "--type", "container", "work");
        CliRun notAnImage = imgctl("inspect", "--type", "image", "work");
        CliRun neither = imgctl("inspect", "nothing");

        assertThat(container.get("name").asText()).isEqualTo("work");
        assertThat(container.get("image").asText()).isEqualTo("alpine:3.13");
        assertThat(container.get("imageId").asText()).isEqualTo(imageId);
        assertThat(container.get("state").asText()).isEqualTo("exited");
        assertThat(container.get("exitCode").asInt()).isEqualTo(3);
        assertThat(container.get("finished").asText()).isNotBlank();
        assertThat(container.get("sizeRw").asLong()).isPositive();
        assertThat(typed.json()).isEqualTo(container);
        assertThat(notAnImage.exitCode()).isEqualTo(1);
        assertThat(notAnImage.errLines()).containsExactly("Error: No such image: work");
        assertThat(neither.exitCode()).isEqualTo(1);
        assertThat(neither.errLines()).containsExactly("Error: No such object: nothing");
    }
}
