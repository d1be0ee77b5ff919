package dev.llmgateway.modeltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ToolDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    public static TestSequence read(Path file) throws IOException {
        JsonNode json = Json.parse(Files.readString(file));
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
