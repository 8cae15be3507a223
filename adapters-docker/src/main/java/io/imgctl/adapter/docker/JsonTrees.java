package io.imgctl.adapter.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JSON text to a Jackson tree, as {@code new ObjectMapper().readTree(text)} gives it (the same node
 * types: ints, longs and big integers by size, doubles, booleans, nulls; the last of duplicate keys;
 * a missing node for empty text; anything after the first value ignored; jackson-core's own errors
 * for malformed text), but with jackson-core's streaming parser and the node factory alone. Building
 * an {@code ObjectMapper} costs a short-lived CLI process more than the daemon call it parses: this
 * keeps listing free of it.
 */
final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    static JsonNode parse(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return read(parser);
        }
    }

    static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return read(parser);
        }
    }

    /** The first value of the input; without recursion, so that nesting depth is jackson-core's limit only. */
    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        Deque<JsonNode> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode root = null;
        while (token != null) {
            JsonNode value = null;
            switch (token) {
                case START_OBJECT -> open.push(NODES.objectNode());
                case START_ARRAY -> open.push(NODES.arrayNode());
                case END_OBJECT, END_ARRAY -> value = open.pop();
                case FIELD_NAME -> names.push(parser.currentName());
                default -> value = scalar(parser, token);
            }
            if (value != null) {
                if (open.isEmpty()) {
                    root = value;
                    break;
                }
                JsonNode parent = open.peek();
                if (parent instanceof ObjectNode object) {
                    object.set(names.pop(), value);
                } else {
                    ((ArrayNode) parent).add(value);
                }
            }
            token = parser.nextToken();
        }
        if (root == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "Unexpected end-of-input");
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.pojoNode(parser.getEmbeddedObject());
        };
    }
}
