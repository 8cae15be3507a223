package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonTrees} gives the tree {@code ObjectMapper.readTree} gives, node types included, and fails where it fails. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "{}", "null", "true", "7", "\"text\"", "  [1, 2.5, -3e4, true, false, null, \"x\"]  ",
        "{\"Id\":\"sha256:ab\",\"RepoTags\":null,\"Created\":1700000000,\"Size\":12345678901,\"Big\":123456789012345678901234567890}",
        "{\"a\":{\"b\":[{\"c\":[[],[{}]]}]},\"a\":\"last wins\"}",
        "[{\"Labels\":{\"k\":\"v\",\"\\u00e9\":\"\\n\"}},{\"Containers\":-1}]",
        "{\"x\":1} trailing text is ignored",
        "",
        "   ",
    })
    void theSameTreeAsObjectMapper(String text) throws IOException {
        JsonNode expected = MAPPER.readTree(text);

        JsonNode actual = JsonTrees.parse(text);

        assertSameTree(actual, expected);
        assertSameTree(JsonTrees.parse(text.getBytes(StandardCharsets.UTF_8)), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2", "{\"a\":", "{\"a\" 1}", "[1,]x", "nul", "{\"a\":1,}", "\"open", "]"})
    void malformedTextFailsWithJacksonsOwnMessage(String text) {
        Throwable expected = catchThrowable(() -> MAPPER.readTree(text));
        assertThat(expected).isInstanceOf(IOException.class);

        assertThatThrownBy(() -> JsonTrees.parse(text))
                .isInstanceOf(IOException.class)
                .hasMessage(expected.getMessage());
    }

    @Test
    void randomDockerLikeAnswersParseAlike() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            String text = MAPPER.writeValueAsString(randomValue(random, 0));
            assertSameTree(JsonTrees.parse(text), MAPPER.readTree(text));
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextBoolean() ? (Object) random.nextInt() : (Object) random.nextLong();
            case 3 -> random.nextDouble() * 1e6;
            case 4 -> "s" + random.nextInt(1000);
            case 5 -> {
                List<Object> list = new java.util.ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    map.put("k" + random.nextInt(10), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static void assertSameTree(JsonNode actual, JsonNode expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        Iterator<JsonNode> a = actual.elements();
        Iterator<JsonNode> e = expected.elements();
        while (e.hasNext()) {
            assertThat(a.hasNext()).isTrue();
            assertSameTree(a.next(), e.next());
        }
        assertThat(a.hasNext()).isFalse();
        List<String> actualNames = new java.util.ArrayList<>();
        actual.fieldNames().forEachRemaining(actualNames::add);
        List<String> expectedNames = new java.util.ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedNames::add);
        assertThat(actualNames).isEqualTo(expectedNames);
    }
}
