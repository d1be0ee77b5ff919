package dev.llmgateway.modeltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

/**
 * The versioned message sequence every model is put through ({@code model-tests/sequence.json},
 * editable without recompiling): steps of one conversation, each with simple checks.
 */
public record TestSequence(int version, String name, String system, List<ToolDefinition> tools, List<Step> steps) {

    /** One turn: a user message or a tool result, sent with the history so far. */
    public record Step(String id, String user, String toolResult, boolean tools, boolean stream,
                       boolean newConversation, Expect expect) {
    }

    /**
     * The checks of a step, all of which must hold: a non-empty answer, words it contains
     * (case-insensitive), a call of the named tool whose arguments parse as a JSON object, at least
     * {@code minChunks} streamed pieces of text, and a final message equal to those pieces.
     */
    public record Expect(boolean nonEmpty, List<String> contains, String toolCall, int minChunks,
                         boolean aggregateEqualsChunks) {
    }

    /**
     * The sequence {@code gateway.modelTests.sequence} names: a Camel resource
     * ({@code classpath:tests/sequence.json}, {@code file:/etc/gateway/sequence.json}), or a path: the
     * file when it exists (the standalone gateway's editable {@code model-tests/sequence.json}), else
     * the jar's copy of that path, which is what a host application or an export that adds no such
     * file gets.
     */
    public static TestSequence load(String location, CamelContext context) throws IOException {
        if (location.matches("[a-z]+:.*")) {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location)) {
                return read(in.readAllBytes());
            } catch (java.io.FileNotFoundException missing) {
                throw new IOException("no test sequence at '" + location + "' (gateway.modelTests.sequence)", missing);
            }
        }
        Path file = Path.of(location);
        if (Files.exists(file)) {
            return read(Files.readAllBytes(file));
        }
        try (InputStream shipped = TestSequence.class.getClassLoader().getResourceAsStream("llm-gateway/" + location)) {
            if (shipped == null) {
                throw new IOException("no test sequence at '" + file.toAbsolutePath() + "' (gateway.modelTests.sequence)");
            }
            return read(shipped.readAllBytes());
        }
    }

    static TestSequence read(byte[] text) throws IOException {
        JsonNode json = Json.parse(text);
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : json.path("steps")) {
            JsonNode expect = step.path("expect");
            List<String> contains = new ArrayList<>();
            expect.path("contains").forEach(word -> contains.add(word.asText()));
            steps.add(new Step(Json.text(step, "id"), Json.text(step, "user"), Json.text(step, "toolResult"),
                    step.path("tools").asBoolean(false), step.path("stream").asBoolean(false),
                    step.path("newConversation").asBoolean(false),
                    new Expect(expect.path("nonEmpty").asBoolean(false), contains, Json.text(expect, "toolCall"),
                            expect.path("minChunks").asInt(0), expect.path("aggregateEqualsChunks").asBoolean(false))));
        }
        return new TestSequence(json.path("version").asInt(1), Json.text(json, "name"), Json.text(json, "system"),
                FunctionTools.read(json.get("tools")), steps);
    }
}
