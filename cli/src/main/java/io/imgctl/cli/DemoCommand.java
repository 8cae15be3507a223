package io.imgctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Replays the Docker getting-started tutorial on the built-in engine: each step prints the command
 * line and then runs it through the real command classes, in this process, against a state file of
 * its own that is deleted afterwards (the user's own fake-engine state is never touched), without the
 * user's config file.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replay the images-and-containers tutorial, step by step, on the built-in engine (offline).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  imgctl demo"})
final class DemoCommand extends Subcommand {

    private PrintStream out;
    private Map<String, String> env;

    @Override
    public Integer call() throws IOException {
        out = out();
        Path dir = Files.createTempDirectory("imgctl-demo-");
        env = new HashMap<>(session().env);
        env.put("IMGCTL_FAKE_STATE", dir.resolve("fake-state.json").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString()); // its usage ledger too
        // The user's config file (a default format, engine or host) must not change the tutorial.
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        try {
            return tutorial();
        } catch (StepFailed e) {
            err().println("Error: the demo stopped because `" + e.getMessage() + "` did not end as the tutorial expects");
            return ExitCodes.FAILED;
        } finally {
            deleteTree(dir);
        }
    }

    private int tutorial() {
        out.println("imgctl demo: the images-and-containers tutorial, replayed on the built-in engine.");
        out.println("Nothing here touches Docker, Podman or your own imgctl state: the engine is offline");
        out.println("and its state lives in a temporary file for the length of the demo.");

        say("An image is a read-only template: a stack of layers plus a default command.",
            "Pull one from the engine's (offline) registry. No tag means :latest.");
        step(0, "pull", "hello-world");
        say("The image is now local. IDs are shortened to 12 characters, sizes are in SI units.");
        step(0, "images");

        say("A container is an image plus a thin writable layer and a process.",
            "Every run creates a new container, even from the same image.");
        step(0, "run", "hello-world");
        step(0, "run", "hello-world");
        say("Both containers ran and exited; ps -a shows stopped containers too.");
        step(0, "ps", "-a");

        say("An image that containers use, even stopped ones, cannot be removed:");
        step(1, "rmi", "hello-world");
        say("Remove the containers first (rm takes names or ID prefixes; -f would stop running ones)...");
        String ids = step(0, "ps", "-a", "-q");
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        ids.lines().map(String::trim).filter(s -> !s.isEmpty()).forEach(rm::add);
        step(0, rm.toArray(String[]::new));
        say("...and now the image goes: first its tag, then its data.");
        step(0, "rmi", "hello-world");

        say("Images share layers. node:alpine3.13 is built on top of alpine:3.13,",
            "so pulling it after alpine finds the base layer already there.");
        step(0, "pull", "alpine:3.13");
        step(0, "pull", "node:alpine3.13");
        say("The history of node:alpine3.13 shows which of its layers alpine:3.13 holds as well;",
            "on disk that layer exists once.");
        step(0, "history", "node:alpine3.13");

        say("rmi -f removes an image's tags and data even while a stopped container uses it.",
            "imgctl never removes the container because of -f: it stays, orphaned.");
        step(0, "run", "--name", "tutorial-alpine", "alpine:3.13", "echo", "Hello", "from", "alpine");
        step(0, "rmi", "-f", "alpine:3.13");
        say("ps -a now shows the orphaned container's image by its ID, since no tag names it any more.");
        step(0, "ps", "-a");

        say("df counts every layer once: the size an image shares with others and the size only it holds,",
            "and what removing the images that no container uses would free.");
        step(0, "df");

        say("Clean up: remove the container, then the last image.");
        step(0, "rm", "tutorial-alpine");
        step(0, "rmi", "node:alpine3.13");
        step(0, "images");
        out.println();
        out.println("That is the tutorial. Try the same commands with --engine docker or --engine podman.");
        return ExitCodes.OK;
    }

    private void say(String... lines) {
        out.println();
        for (String line : lines) {
            out.println("# " + line);
        }
    }

    /** Prints {@code $ imgctl ARGS}, runs it, shows a non-zero exit status, and returns what it printed on stdout. */
    private String step(int expectedExit, String... args) {
        out.println("$ imgctl " + String.join(" ", args));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8);
        List<String> line = new ArrayList<>(List.of("--engine", "fake"));
        if (session().verbose()) {
            line.add("--verbose");
        }
        line.addAll(List.of(args));
        int code = session().runNested(tee, out, env, line.toArray(String[]::new));
        tee.flush();
        if (code != 0) {
            out.println("(exit status " + code + ")");
        }
        if (code != expectedExit) {
            throw new StepFailed("imgctl " + String.join(" ", args));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Tried to delete the demo's temporary state in " + dir
                    + " but failed because " + e.getMessage(), e);
        }
    }

    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String step) {
            super(step);
        }
    }

    /** Writes to the transcript and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
