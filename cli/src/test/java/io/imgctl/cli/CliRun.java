package io.imgctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgctl.cli.engine.EngineWiring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one command line in process with captured streams. */
record CliRun(int exitCode, String out, String err) {

    /** Against the ports double, with the clock fixed at {@link TestData#NOW}, not a terminal. */
    static CliRun withDouble(PortsDouble ports, String... args) {
        return withDouble(ports, false, Map.of(), args);
    }

    static CliRun withDouble(PortsDouble ports, boolean terminal, Map<String, String> env, String... args) {
        EngineWiring wiring = new EngineWiring(List.of(), Optional.empty()).overriddenWith(ports.module());
        Cli cli = new Cli(() -> wiring, Clock.fixed(TestData.NOW, ZoneOffset.UTC), terminal);
        return run(cli, env, args);
    }

    static CliRun run(Cli cli, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServedRuns.run(cli, o, e, env, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout parsed as one JSON document. */
    JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (JsonProcessingException e) {
            throw new AssertionError("stdout is not one JSON document: " + out, e);
        }
    }

    /** The texts of a JSON array of strings. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
