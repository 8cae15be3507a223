package io.imgctl.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.imgctl.application.port.out.EngineException;
import io.imgctl.application.port.out.EngineFailureException;
import io.imgctl.domain.container.Container;
import io.imgctl.domain.image.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the built-in engine's state file: arbitrary bytes are written as the file, then the engine
 * reads it through its port (listing, lookups, logs, a snapshot) and tries one change.
 *
 * <p>What must hold: the only failure is an {@link EngineFailureException} whose message is one line
 * naming the file; a state the engine accepts is usable by every read (no crash in mapping it to the
 * domain); a change that fails leaves the file byte for byte as it was, and a change that succeeds
 * writes a file the engine reads back.
 *
 * <p>Seeds are state files written by the engine itself, under
 * {@code src/test/resources/io/imgctl/adapter/fake/StateFileFuzzTestInputs/stateFile/}.
 */
class StateFileFuzzTest {

    /** The container the change removes; the engine-written seed has one of that name. */
    private static final String TARGET = "fuzz-target";

    @TempDir
    static Path dir;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One engine for all inputs: it keeps nothing between calls but reads the file each time. */
    private static FakeEngine engine;
    private static JsonNode seed;

    /** Arbitrary bytes as the state file. */
    @FuzzTest(maxDuration = "30s")
    void stateFile(byte[] input) throws IOException {
        check(input);
    }

    /**
     * A state the engine wrote, changed in one to four places: a value replaced by null, a string, a
     * number, a boolean, an empty or a {@code [null]} array, an empty object; a field removed; an array
     * element duplicated. This reaches states that are valid JSON with the right shape but wrong
     * values, which byte mutations rarely produce.
     */
    @FuzzTest(maxDuration = "30s")
    void stateTree(FuzzedDataProvider data) throws IOException {
        JsonNode tree = seedTree();
        int changes = data.consumeInt(1, 4);
        for (int i = 0; i < changes; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(tree, containers);
            JsonNode parent = containers.get(data.consumeInt(0, containers.size() - 1));
            mutate(parent, data);
        }
        check(MAPPER.writeValueAsBytes(tree));
    }

    private static JsonNode seedTree() throws IOException {
        if (seed == null) {
            try (InputStream in = StateFileFuzzTest.class.getResourceAsStream(
                    "StateFileFuzzTestInputs/stateFile/engine-written-images-containers-registry.json")) {
                seed = MAPPER.readTree(in);
            }
        }
        return seed.deepCopy();
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static void mutate(JsonNode parent, FuzzedDataProvider data) {
        if (parent.isEmpty()) {
            return;
        }
        int kind = data.consumeInt(0, 8);
        JsonNode value = switch (kind) {
            case 0 -> NullNode.getInstance();
            case 1 -> TextNode.valueOf(data.consumeString(80));
            case 2 -> LongNode.valueOf(data.consumeLong());
            case 3 -> BooleanNode.valueOf(data.consumeBoolean());
            case 4 -> MAPPER.createArrayNode();
            case 5 -> MAPPER.createArrayNode().add(NullNode.getInstance());
            case 6 -> MAPPER.createObjectNode();
            default -> null;
        };
        if (parent instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(data.consumeInt(0, names.size() - 1));
            if (kind == 7) {
                object.remove(name);
            } else if (kind == 8) {
                object.set(data.consumeString(16), object.get(name).deepCopy());
            } else {
                object.set(name, value);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = data.consumeInt(0, array.size() - 1);
            if (kind == 7) {
                array.remove(index);
            } else if (kind == 8) {
                array.add(array.get(index).deepCopy());
            } else {
                array.set(index, value);
            }
        }
    }

    private static void check(byte[] input) throws IOException {
        Path file = dir.resolve("state.json");
        Files.write(file, input);
        if (engine == null || !engine.stateFile().equals(file.toAbsolutePath().normalize())) {
            engine = FakeEngine.create(file, new TestClock());
        }

        readEverything(engine, file);
        assertThat(Files.readAllBytes(file)).as("the state file after reading it").isEqualTo(input);

        boolean changed;
        try {
            engine.removeContainer(TARGET, true);
            changed = true;
        } catch (EngineException e) {
            assertOneLine(e, file);
            changed = false;
        }
        if (changed) {
            // What a successful change wrote must read back, without failure.
            engine.ping();
            assertThat(engine.findContainer(TARGET)).isEmpty();
            engine.snapshot();
        } else {
            assertThat(Files.readAllBytes(file)).as("the state file after a failed change").isEqualTo(input);
        }
    }

    private static void readEverything(FakeEngine engine, Path file) {
        try {
            engine.ping();
            List<Image> images = engine.listImages();
            List<Container> containers = engine.listContainers();
            engine.snapshot();
            for (Image image : images.subList(0, Math.min(3, images.size()))) {
                assertThat(engine.findImage(image.id().toString())).isPresent();
                image.tags().forEach(tag -> engine.findImage(tag.familiar()));
            }
            for (Container container : containers.subList(0, Math.min(3, containers.size()))) {
                assertThat(engine.findContainer(container.id())).isPresent();
                engine.logs(container.id());
            }
        } catch (EngineException e) {
            assertOneLine(e, file);
            assertThat(e).isInstanceOf(EngineFailureException.class);
        }
    }

    private static void assertOneLine(EngineException e, Path file) {
        assertThat(e.getMessage()).as("the error's message").isNotBlank().doesNotContain("\n").doesNotContain("\r");
        if (e instanceof EngineFailureException) {
            assertThat(e.getMessage()).contains(file.toAbsolutePath().normalize().toString());
        }
    }
}
