package io.imgctl.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The notes' custom-image walk through imgctl's command line: run a container that writes a file,
 * commit it (with a message and changes), tag it, push it to {@code localhost:5000}, remove it
 * locally, pull it back, run it and see the file; the new image shares its base layers with the
 * original. Subclasses name the engine; the built-in one uses a state file and registry of its own.
 *
 * <p>Everything is named {@code imgctl-walk-RUNID}; after the test the containers and images go
 * (through imgctl) and, on real engines, the pushed manifest is deleted from the registry.
 */
abstract class CustomImageWalk {

    static final String REGISTRY = "127.0.0.1:5000";
    private static final Pattern PUSHED = Pattern.compile("2: digest: (sha256:[0-9a-f]{64}) size: \\d+");

    final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String prefix = "imgctl-walk-" + runId;
    final String repository = "localhost:5000/" + prefix + "/greeter";
    final String content = "written in " + runId;
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();
    private String pushedDigest;

    /** The {@code --engine} value. */
    abstract String engine();

    /** The image the walk starts from. */
    abstract String baseImage();

    /** Environment for imgctl (the built-in engine gets its own state file). */
    Map<String, String> env() {
        return new HashMap<>(System.getenv());
    }

    /** Whether the registry is the real one on {@link #REGISTRY} (the built-in engine has its own). */
    boolean realRegistry() {
        return true;
    }

    /**
     * The history comment of the layer {@code commit --message MESSAGE} made: the message on Docker and
     * the built-in engine (Podman keeps it only as the image's comment).
     */
    String commitHistoryComment(String message) {
        return message;
    }

    Imgctl imgctl(String... args) {
        List<String> line = new ArrayList<>(List.of("--engine", engine()));
        line.addAll(List.of(args));
        return Imgctl.run(env(), line);
    }

    private Imgctl ok(String... args) {
        Imgctl run = imgctl(args);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run;
    }

    /** Skips (or, with {@code CI=true}, fails) when the engine or the registry does not answer. */
    private void requireEngine() {
        Optional<String> why = Optional.empty();
        Imgctl probe = imgctl("images", "-q");
        if (probe.exitCode() == 3) {
            why = Optional.of("imgctl cannot reach " + engine() + ": " + probe.err().strip());
        } else if (realRegistry()) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + REGISTRY + "/v2/").toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(2000);
                c.getResponseCode();
                c.disconnect();
            } catch (IOException e) {
                why = Optional.of("no registry answers on " + REGISTRY + " (" + e.getMessage() + ")");
            }
        }
        if (why.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + why.get() + ". Start the engines with: bash scripts/engines.sh up");
            }
            Assumptions.abort("Skipped: " + why.get() + ". Start the engines with: bash scripts/engines.sh up");
        }
    }

    @Test
    void run_write_commit_tag_push_remove_pull_run_and_the_base_layers_are_shared() {
        requireEngine();
        ok("pull", "-q", baseImage());
        List<String> baseDiffIds = diffIds(ok("inspect", baseImage()).json());
        assertThat(baseDiffIds).isNotEmpty();

        // a container writes a file into its writable layer
        String source = prefix + "-source";
        containers.add(source);
        ok("run", "--name", source, baseImage(), "sh", "-c", "echo '" + content + "' > /walk.txt");
        JsonNode container = ok("inspect", "--type", "container", source).json();
        assertThat(container.get("state").asText()).isEqualTo("exited");
        assertThat(container.get("exitCode").asInt()).isZero();
        assertThat(container.get("sizeRw").asLong()).as("the writable layer holds the file").isPositive();

        // commit with a message and changes; tag
        String first = repository + ":1";
        String second = repository + ":2";
        images.add(first);
        images.add(second);
        Imgctl commit = ok("commit", "--message", "add /walk.txt", "--author", "imgctl walk",
                "--change", "CMD [\"cat\", \"/walk.txt\"]", "--change", "LABEL org.imgctl.walk=" + runId,
                source, first);
        String imageId = commit.lastOutLine();
        assertThat(imageId).matches("sha256:[0-9a-f]{64}");
        images.add(imageId);
        JsonNode committed = ok("inspect", first).json();
        assertThat(committed.get("id").asText()).isEqualTo(imageId);
        assertThat(texts(committed.get("config").get("cmd"))).containsExactly("cat", "/walk.txt");
        assertThat(committed.get("config").get("labels").get("org.imgctl.walk").asText()).isEqualTo(runId);
        assertThat(committed.get("author").asText()).isEqualTo("imgctl walk");
        assertThat(committed.get("comment").asText()).isEqualTo("add /walk.txt");
        JsonNode committedHistory = ok("history", "--format", "json", first).json();
        assertThat(committedHistory.get(0).get("comment").asText()).isEqualTo(commitHistoryComment("add /walk.txt"));
        assertThat(ok("history", first).outLines().get(0)).contains("COMMENT");
        ok("tag", first, second);

        // push, with per-layer progress on stderr and the digest on stdout
        Imgctl push = ok("push", second);
        assertThat(push.errLines()).first().isEqualTo("The push refers to repository [" + repository + "]");
        assertThat(push.errLines()).as("per-layer progress: %s", push)
                .anyMatch(l -> l.matches("[0-9a-f]{12}: Pushed"));
        Matcher pushed = PUSHED.matcher(push.lastOutLine());
        assertThat(pushed.matches()).as("%s", push).isTrue();
        pushedDigest = pushed.group(1);

        // remove locally: the container and both tags; the image is gone
        ok("rm", source);
        Imgctl rmi = ok("rmi", first, second);
        assertThat(rmi.outLines()).contains("Untagged: " + first, "Untagged: " + second, "Deleted: " + imageId);
        assertThat(imgctl("inspect", "--type", "image", second).exitCode()).isEqualTo(1);

        // pull back and run: the image's CMD prints the file
        Imgctl pull = ok("pull", second);
        assertThat(pull.lastOutLine()).isEqualTo(second);
        String reader = prefix + "-reader";
        containers.add(reader);
        Imgctl run = ok("run", "--name", reader, second);
        assertThat(run.outLines()).containsExactly(content);

        // the new image is the base's layers plus one: shared, as history shows
        JsonNode pulled = ok("inspect", second).json();
        assertThat(pulled.get("id").asText()).isEqualTo(imageId);
        assertThat(pulled.get("author").asText()).as("the author travels in the image's config").isEqualTo("imgctl walk");
        assertThat(pulled.get("comment").asText()).isEqualTo("add /walk.txt");
        List<String> diffIds = diffIds(pulled);
        assertThat(diffIds).hasSize(baseDiffIds.size() + 1).startsWith(baseDiffIds.toArray(String[]::new));
        JsonNode history = ok("history", "--format", "json", second).json();
        JsonNode oldest = history.get(history.size() - 1);
        assertThat(oldest.get("diffId").asText()).isEqualTo(baseDiffIds.get(0));
        assertThat(texts(oldest.get("sharedWith"))).isNotEmpty();
        assertThat(history.get(0).get("sharedWith")).as("the committed layer is the new image's own").isEmpty();
    }

    /** The engine's own CLI, for a quick clean-up; empty for the built-in engine (imgctl cleans up there). */
    Optional<EngineCli> engineCli() {
        return EngineCli.find(engine(), "/usr/bin/" + engine(), "/usr/local/bin/" + engine());
    }

    @AfterEach
    void cleanUp() {
        Optional<EngineCli> cli = engineCli();
        if (!containers.isEmpty()) {
            List<String> line = new ArrayList<>(List.of("rm", "-f"));
            line.addAll(containers);
            if (cli.isPresent()) {
                cli.get().exec(line.toArray(String[]::new));
            } else {
                imgctl(line.toArray(String[]::new));
            }
        }
        if (!images.isEmpty()) {
            List<String> line = new ArrayList<>(List.of("rmi", "-f"));
            line.addAll(images);
            if (cli.isPresent()) {
                // one image at a time: the engine's CLI stops at the first it no longer has
                images.forEach(image -> cli.get().exec("rmi", "-f", image));
            } else {
                imgctl(line.toArray(String[]::new));
            }
        }
        if (pushedDigest != null && realRegistry()) {
            try {
                HttpRequest delete = HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + prefix
                        + "/greeter/manifests/" + pushedDigest)).DELETE().timeout(Duration.ofSeconds(10)).build();
                HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                System.err.println("note: could not delete " + repository + " from the registry: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> diffIds(JsonNode image) {
        List<String> ids = new ArrayList<>();
        image.get("layers").forEach(l -> ids.add(l.get("diffId").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
