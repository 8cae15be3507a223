package io.imgctl.cli.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own command line ({@code docker} or {@code podman}), the independent oracle the
 * end-to-end tests compare imgctl with. It only reads, with Go {@code --format} templates, except
 * for the clean-up removals. Podman's CLI, run as root, reads the same store as the service imgctl
 * talks to. IDs are given back as Docker writes them: {@code sha256:} + 64 hex for images, 64 hex
 * for containers.
 */
final class EngineCli {

    /** One call's result. */
    record Result(List<String> command, int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err + "---";
        }
    }

    /** What {@code container inspect} says about one container. */
    record ContainerFacts(String id, String name, String imageId, String state, int exitCode, Instant created) {
    }

    private static final long TIMEOUT_SECONDS = 180;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String binary;

    private EngineCli(String binary) {
        this.binary = binary;
    }

    /** The first executable among {@code candidates}, then {@code name} on the PATH. */
    static Optional<EngineCli> find(String name, String... candidates) {
        List<Path> paths = new ArrayList<>();
        for (String candidate : candidates) {
            paths.add(Path.of(candidate));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                paths.add(Path.of(dir, name));
            }
        }
        return paths.stream().filter(Files::isExecutable).findFirst().map(p -> new EngineCli(p.toString()));
    }

    String binary() {
        return binary;
    }

    Result exec(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(command, process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to run " + String.join(" ", command) + " but failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs a command that must succeed and returns its stdout lines. */
    List<String> lines(String... args) {
        Result result = exec(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("the engine's CLI failed: " + result);
        }
        return result.lines();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- images

    /** The image ID a reference or ID prefix resolves to, if the engine has it. */
    Optional<String> imageId(String image) {
        Result result = exec("image", "inspect", "--format", "{{.Id}}", image);
        return result.exitCode() == 0 ? Optional.of(imageIdOf(result.out().trim())) : Optional.empty();
    }

    /** {@code images --format '{{.ID}}' REF}: the 12-char ID the engine shows for a reference. */
    Optional<String> shownShortId(String reference) {
        List<String> ids = lines("images", "--format", "{{.ID}}", reference);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    /** {@code images -q}: the 12-char IDs, as a set (the engine repeats an ID once per tag). */
    Set<String> shortImageIds() {
        return new TreeSet<>(lines("images", "-q"));
    }

    /** {@code images --no-trunc}: each image ID with its {@code REPOSITORY:TAG}s ({@code <none>} left out). */
    Map<String, Set<String>> tagsById() {
        Map<String, Set<String>> tags = new TreeMap<>();
        for (String line : lines("images", "--no-trunc", "--format", "{{.ID}}\t{{.Repository}}\t{{.Tag}}")) {
            String[] f = line.split("\t", -1);
            Set<String> of = tags.computeIfAbsent(imageIdOf(f[0]), k -> new TreeSet<>());
            if (!f[1].equals("<none>") && !f[2].equals("<none>")) {
                of.add(f[1] + ":" + f[2]);
            }
        }
        return tags;
    }

    Set<String> repoDigests(String image) {
        return new TreeSet<>(jsonStrings(lines("image", "inspect", "--format", "{{json .RepoDigests}}", image).get(0)));
    }

    long imageSize(String image) {
        return Long.parseLong(lines("image", "inspect", "--format", "{{.Size}}", image).get(0).trim());
    }

    Instant imageCreated(String image) {
        return instant(lines("image", "inspect", "--format", "{{json .Created}}", image).get(0));
    }

    // ---- containers

    /** The containers whose name starts with {@code prefix}: name to full ID. */
    Map<String, String> containersNamed(String prefix) {
        Map<String, String> byName = new TreeMap<>();
        for (String line : lines("ps", "-a", "--no-trunc", "--filter", "name=" + prefix, "--format", "{{.Names}}\t{{.ID}}")) {
            String[] f = line.split("\t", -1);
            if (f[0].startsWith(prefix)) {
                byName.put(f[0], f[1]);
            }
        }
        return byName;
    }

    /** {@code ps -a --format '{{.Status}}'} of one container, e.g. {@code Exited (0) 2 seconds ago}. */
    String status(String container) {
        return psField(container, "{{.Status}}");
    }

    /**
     * {@code ps -a --format '{{.Image}}'} of one container: what the engine's CLI shows in its IMAGE
     * column (without {@code --no-trunc}, as a user sees it).
     */
    String shownImage(String container) {
        return psField(container, "{{.Image}}");
    }

    private String psField(String containerId, String template) {
        for (String line : lines("ps", "-a", "--format", "{{.ID}}\t" + template)) {
            String[] f = line.split("\t", 2);
            if (containerId.startsWith(f[0])) {
                return f[1];
            }
        }
        throw new AssertionError("the engine lists no container " + containerId);
    }

    /** {@code ps -a -q --no-trunc}: every container's full ID. */
    Set<String> containerIds() {
        return new TreeSet<>(lines("ps", "-a", "-q", "--no-trunc"));
    }

    /** The containers made from an image (by ID), the engine's {@code ancestor} filter (hex only: Podman ignores {@code sha256:}). */
    Set<String> containersUsing(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
        return new TreeSet<>(lines("ps", "-a", "-q", "--no-trunc", "--filter", "ancestor=" + hex));
    }

    ContainerFacts inspectContainer(String container) {
        String line = lines("container", "inspect", "--format",
                "{{.Id}}\t{{.Name}}\t{{.Image}}\t{{.State.Status}}\t{{.State.ExitCode}}\t{{json .Created}}", container).get(0);
        String[] f = line.split("\t", -1);
        String name = f[1].startsWith("/") ? f[1].substring(1) : f[1];
        return new ContainerFacts(f[0], name, imageIdOf(f[2]), f[3], Integer.parseInt(f[4]), instant(f[5]));
    }

    // ---- clean-up

    /** Removes containers (stopping them first); quietly ignores ones already gone. */
    void removeContainers(Collection<String> ids) {
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(ids);
            exec(args.toArray(String[]::new));
        }
    }

    /** Removes images by ID or reference; quietly ignores ones already gone. */
    void removeImages(Collection<String> images) {
        for (String image : images) {
            exec("rmi", "-f", image);
        }
    }

    // ---- parsing

    /** {@code sha256:} + hex, whether the engine wrote the prefix (Docker) or not (Podman). */
    static String imageIdOf(String id) {
        return id.startsWith("sha256:") ? id : "sha256:" + id;
    }

    private static Instant instant(String json) {
        return java.time.OffsetDateTime.parse(parse(json).asText()).toInstant();
    }

    private static List<String> jsonStrings(String jsonArray) {
        List<String> texts = new ArrayList<>();
        parse(jsonArray).forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the engine's CLI wrote no JSON: " + json, e);
        }
    }
}
