package dev.llmgateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The one shared, thread-safe Jackson mapper and the few tree helpers every codec uses. */
public final class Json {

    /**
     * Its parse and write buffers come from one pool shared by all threads. Jackson's default pool
     * keeps them per thread, which on virtual threads (a new one per request, alive as long as its
     * stream) means new buffers for every request and a few KB held by every open stream.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Parses JSON text; throws {@link JsonProcessingException} wrapped when it is not JSON. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Parses JSON in UTF-8 bytes (a body as it came off the wire, without a String copy first). */
    public static JsonNode parse(byte[] utf8) throws IOException {
        return MAPPER.readTree(utf8);
    }

    /**
     * Reads what a client sent (a request body, a WebSocket frame) as a JSON object, or answers
     * 400 naming {@code subject}: "the request body is not valid JSON: Unexpected character ('x' …)".
     */
    public static JsonNode requireObject(String text, String subject) {
        return requireObject(() -> parse(text == null ? "" : text), subject);
    }

    /** {@link #requireObject(String, String)} of UTF-8 bytes. */
    public static JsonNode requireObject(byte[] utf8, String subject) {
        return requireObject(() -> parse(utf8 == null ? new byte[0] : utf8), subject);
    }

    private interface Parsing {
        JsonNode parse() throws IOException;
    }

    private static JsonNode requireObject(Parsing parsing, String subject) {
        JsonNode json;
        try {
            json = parsing.parse();
        } catch (JsonProcessingException e) {
            throw GatewayException.badRequest(subject + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);      // bytes in memory: not reached
        }
        if (json == null || !json.isObject()) {
            throw GatewayException.badRequest(subject + " must be a JSON object");
        }
        return json;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field as text, or null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * A string field of what a client sent: null when absent or JSON null, a 400 naming the field
     * when it is anything but a string ({@code "model":42} is not read as "42").
     */
    public static String string(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.badRequest("'" + field + "' must be a string, not " + abbreviate(value.toString()));
        }
        return value.asText();
    }

    /** The field as a boolean, {@code otherwise} when absent or JSON null; a 400 naming the field when it is no boolean. */
    public static boolean bool(JsonNode node, String field, boolean otherwise) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw GatewayException.badRequest("'" + field + "' must be true or false, not " + abbreviate(value.toString()));
        }
        return value.asBoolean();
    }

    /** The field as a number, null when absent or JSON null; a 400 naming the field when it is no number. */
    public static Double number(JsonNode node, String field) {
        return number(node, field, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /** A number from {@code min} to {@code max}: {@code "top_p": 1.5} is a 400, never clamped. */
    public static Double number(JsonNode node, String field, double min, double max) {
        JsonNode value = numeric(node, field);
        if (value == null) {
            return null;
        }
        double number = value.asDouble();
        if (!(number >= min && number <= max)) {                   // also NaN and the infinities
            String range = max == Double.MAX_VALUE ? (min == -Double.MAX_VALUE ? "a finite number" : "a number of at least "
                    + printed(min)) : "a number from " + printed(min) + " to " + printed(max);
            throw GatewayException.badRequest("'" + field + "' must be " + range + ", not " + abbreviate(value.toString()));
        }
        return number;
    }

    public static Integer integer(JsonNode node, String field) {
        return integer(node, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * A whole number from {@code min} to {@code max}: {@code "max_tokens": 4294967297} is a 400,
     * where a plain conversion would have wrapped it round to 1.
     */
    public static Integer integer(JsonNode node, String field, int min, int max) {
        JsonNode value = numeric(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw GatewayException.badRequest("'" + field + "' must be a whole number from " + min + " to " + max
                    + ", not " + abbreviate(value.toString()));
        }
        return value.intValue();
    }

    public static Long longValue(JsonNode node, String field) {
        JsonNode value = numeric(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw GatewayException.badRequest("'" + field + "' must be a whole number that fits in 64 bits, not "
                    + abbreviate(value.toString()));
        }
        return value.longValue();
    }

    /**
     * A string, or an array of strings, as a list ({@code "stop": "\n"} or {@code ["\n", "User:"]});
     * null when absent; a 400 naming the field for any other shape.
     */
    public static List<String> strings(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw GatewayException.badRequest("'" + field + "' must be a string or an array of strings, not "
                    + abbreviate(value.toString()));
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw GatewayException.badRequest("'" + field + "' must hold strings only, not " + abbreviate(item.toString()));
            }
            strings.add(item.asText());
        }
        return strings;
    }

    private static String printed(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    private static JsonNode numeric(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw GatewayException.badRequest("'" + field + "' must be a number, not " + abbreviate(value.toString()));
        }
        return value;
    }

    /**
     * Reads every element of an array field, naming the element in a 400 it causes:
     * {@code messages[2]: unknown message role 'robot'}.
     */
    public static <T> List<T> readEach(JsonNode array, String path, Function<JsonNode, T> reader) {
        List<T> read = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                read.add(reader.apply(array.get(i)));
            } catch (GatewayException e) {
                if (e.status() != 400) {
                    throw e;
                }
                throw GatewayException.badRequest(path + "[" + i + "]: " + e.getMessage());
            }
        }
        return read;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Puts the value unless it is null, so optional fields stay off the wire. */
    public static void putIfSet(ObjectNode node, String field, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof JsonNode json) {
            node.set(field, json);
        } else {
            node.set(field, MAPPER.valueToTree(value));
        }
    }
}
