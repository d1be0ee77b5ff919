package dev.llmgateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.llmgateway.json.Json;
import java.util.List;

/** One row of the conformance matrix: what the client sends and what the backend answers. */
enum Scenario {

    TEXT(false, Reply.text("Hello", " there", "!")),
    STREAMED_TEXT(true, Reply.text("Hello", " there", "!")),
    ONE_TOOL_CALL(false, Reply.tools(new Reply.Call("call_w1", "get_weather", "{\"city\":\"Paris\"}"))),
    PARALLEL_TOOL_CALLS(false, Reply.tools(new Reply.Call("call_w1", "get_weather", "{\"city\":\"Paris\"}"),
            new Reply.Call("call_t1", "get_time", "{\"zone\":\"Europe/Paris\"}"))),
    STREAMED_TOOL_CALL(true, Reply.tools(new Reply.Call("call_w1", "get_weather", "{\"city\":\"Paris\"}"),
            new Reply.Call("call_t1", "get_time", "{\"zone\":\"Europe/Paris\"}"))),
    TOOL_RESULT_ROUND_TRIP(true, Reply.text("It is 21°C", " in Paris.")),
    THINKING(true, Reply.thinking(List.of("Let me think.", " Six times seven."), "4", "2")),
    ERROR_BEFORE_FIRST_BYTE(true, Reply.refused(404, "model 'm' not found, try pulling it first")),
    ERROR_MID_STREAM(true, Reply.failsAfter("Once", "an error was encountered while running the model: boom"));

    final boolean stream;
    final Reply reply;

    Scenario(boolean stream, Reply reply) {
        this.stream = stream;
        this.reply = reply;
    }

    boolean usesTools() {
        return this == ONE_TOOL_CALL || this == PARALLEL_TOOL_CALLS || this == STREAMED_TOOL_CALL
                || this == TOOL_RESULT_ROUND_TRIP;
    }

    /** The request in the OpenAI shape; {@link Ingress} translates it for its dialect. */
    ArrayNode messages() {
        return (ArrayNode) Ingress.parse(switch (this) {
            case TOOL_RESULT_ROUND_TRIP -> """
                    [{"role":"user","content":"Weather in Paris?"},
                     {"role":"assistant","content":"","tool_calls":[{"id":"call_w1","type":"function",
                       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                     {"role":"tool","tool_call_id":"call_w1","content":"21°C"}]""";
            case ONE_TOOL_CALL, PARALLEL_TOOL_CALLS, STREAMED_TOOL_CALL -> """
                    [{"role":"user","content":"Weather and time in Paris?"}]""";
            default -> """
                    [{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""";
        });
    }

    ArrayNode tools() {
        if (!usesTools()) {
            return null;
        }
        return (ArrayNode) Ingress.parse("""
                [{"type":"function","function":{"name":"get_weather","description":"Current weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                 {"type":"function","function":{"name":"get_time","description":"Local time",
                  "parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}]""");
    }

    static ArrayNode none() {
        return Json.MAPPER.createArrayNode();
    }
}
