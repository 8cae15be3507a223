package io.imgctl.cli.e2e;

import io.imgctl.cli.ServedRuns;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One imgctl command line, run in this process through {@link Main#run} (or the resident server, see {@link io.imgctl.cli.ServedRuns}) exactly as the launcher
 * runs it, with its exit code and both streams captured. {@link #toString()} shows all three, so an
 * assertion that names a run explains itself when it fails.
 */
record Imgctl(List<String> args, int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Imgctl run(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServedRuns.main(o, e, env, args.toArray(String[]::new));
        }
        return new Imgctl(List.copyOf(args), code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@link #run}, capturing every byte the process prints meanwhile: besides imgctl's own streams, what
     * goes to the JVM's {@code System.out} and {@code System.err} (where {@code --verbose} engine traces go),
     * appended to {@link #out} and {@link #err}. Only for commands that do not run alongside others.
     */
    static Imgctl runCapturingEverything(Map<String, String> env, List<String> args) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream strayOut = new ByteArrayOutputStream();
        ByteArrayOutputStream strayErr = new ByteArrayOutputStream();
        Imgctl run;
        try {
            System.setOut(new PrintStream(strayOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(strayErr, true, StandardCharsets.UTF_8));
            run = run(env, args);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        return new Imgctl(run.args(), run.exitCode(), run.out() + strayOut.toString(StandardCharsets.UTF_8),
                run.err() + strayErr.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The last line of stdout, or an empty text when there is none. */
    String lastOutLine() {
        List<String> lines = outLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** stdout parsed as one JSON document. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new AssertionError("stdout of " + this + " is not one JSON document", e);
        }
    }

    /** stdout read as an imgctl table (header line, then one row per line). */
    Table table() {
        return Table.parse(out);
    }

    @Override
    public String toString() {
        return "imgctl " + String.join(" ", args) + " -> exit " + exitCode
                + "\n--- stdout\n" + out + "--- stderr\n" + err + "---";
    }
}
