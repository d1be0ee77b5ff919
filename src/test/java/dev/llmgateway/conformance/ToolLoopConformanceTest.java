package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmgateway.json.Json;
import dev.llmgateway.routes.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tool loops as frameworks send them, through every front door to every backend dialect with
 * tools: one assistant turn calls get_weather (Paris), get_time (Tokyo) and get_weather (Rome),
 * and the results come back in each {@link Shape}. What reaches the backend is checked in its own
 * terms: each result answers its own call (its content is that call's), with the call's id where
 * the dialect pairs by id (OpenAI, Anthropic), its function name where it pairs by name (Ollama,
 * Gemini), in call order, and all in one message where the dialect wants them together
 * (Anthropic, Gemini). Then {@code tool_choice} in each form against each dialect.
 */
class ToolLoopConformanceTest extends GatewayTestSupport {

    /** How the results come back. */
    enum Shape {
        /** each with its call's id (OpenAI, Anthropic, the Responses API) */
        IDS,
        /** with the function name only (Ollama's tool_name, OpenAI's legacy name), the time first */
        NAMES,
        /** neither id nor name, in call order (Spring AI's Ollama client) */
        BARE,
        /** with ids, in another order than the calls */
        OUT_OF_ORDER,
        /** Tokyo's result missing: a 400 that names the call, and no backend call */
        MISSING_RESULT;

        /** Anthropic's tool_result and the Responses API's function_call_output always carry the id. */
        boolean expressibleBy(Ingress ingress) {
            boolean idsOnly = ingress == Ingress.ANTHROPIC_HTTP || ingress == Ingress.OPENAI_RESPONSES;
            return !idsOnly || this == IDS || this == OUT_OF_ORDER || this == MISSING_RESULT;
        }
    }

    private static final String[] CITIES = {"Paris", "Tokyo", "Rome"};
    private static final String[] FUNCTIONS = {"get_weather", "get_time", "get_weather"};
    private static final String[] RESULTS = {"Paris: 21°C", "Tokyo: 09:00", "Rome: 25°C"};

    static Stream<Arguments> loops() {
        List<Arguments> rows = new ArrayList<>();
        for (Ingress ingress : Ingress.values()) {
            for (Egress egress : Egress.values()) {
                for (Shape shape : Shape.values()) {
                    if (egress.supportsTools() && shape.expressibleBy(ingress)) {
                        rows.add(Arguments.of(ingress, egress, shape));
                    }
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("loops")
    void each_result_reaches_the_backend_paired_with_its_call(Ingress ingress, Egress egress, Shape shape) throws Exception {
        Reply reply = Reply.text("Sunny in Paris", " and Rome.");
        egress.stub(backend, "m", reply);

        Outcome outcome = ingress.call(new Ingress.Ports(gateway(""), wsPort), egress.backend + "/m", history(shape),
                Scenario.TOOL_RESULT_ROUND_TRIP.tools(), false);

        List<LoggedRequest> sent = backend.findAll(postRequestedFor(urlEqualTo(egress.pathFor(false))));
        if (shape == Shape.MISSING_RESULT) {
            assertThat(outcome.status).as("%s", outcome).isEqualTo(400);
            assertThat(outcome.error).contains("the tool call 'get_time'").contains("has no result");
            assertThat(sent).as("no backend call").isEmpty();
            return;
        }
        assertThat(outcome.status).as("%s", outcome).isEqualTo(200);
        assertThat(outcome.content).hasToString(reply.fullContent());
        assertThat(sent).hasSize(1);
        Turn turn = Turn.read(egress, Json.parse(sent.get(0).getBodyAsString()));
        assertThat(turn.results()).as("each result answers its own call, in call order").containsExactly(RESULTS);
        switch (egress) {
            case OLLAMA -> assertThat(turn.resultNames()).containsExactly(FUNCTIONS);
            case GEMINI -> {
                assertThat(turn.callNames()).containsExactly(FUNCTIONS);
                assertThat(turn.resultNames()).containsExactly(FUNCTIONS);
                assertThat(turn.resultMessages()).as("one functionResponse turn").isEqualTo(1);
            }
            default -> {
                assertThat(turn.callIds()).doesNotContainNull().doesNotHaveDuplicates();
                assertThat(turn.resultIds()).isEqualTo(turn.callIds());
                if (egress == Egress.ANTHROPIC) {
                    assertThat(turn.resultMessages()).as("one user message with every tool_result").isEqualTo(1);
                }
            }
        }
    }

    /** The OpenAI-shaped history of the shape; each {@link Ingress} writes it in its own dialect. */
    private static ArrayNode history(Shape shape) {
        ArrayNode messages = Json.MAPPER.createArrayNode();
        messages.addObject().put("role", "user").put("content", "Weather in Paris and Rome, time in Tokyo?");
        ArrayNode calls = messages.addObject().put("role", "assistant").put("content", "").putArray("tool_calls");
        for (int i = 0; i < 3; i++) {
            String argument = i == 1 ? "zone" : "city";
            calls.addObject().put("id", "call_" + i).put("type", "function").putObject("function")
                    .put("name", FUNCTIONS[i]).put("arguments", Json.write(Json.object().put(argument, CITIES[i])));
        }
        int[] order = switch (shape) {
            case NAMES -> new int[] {1, 0, 2};
            case OUT_OF_ORDER -> new int[] {2, 0, 1};
            case MISSING_RESULT -> new int[] {0, 2};
            default -> new int[] {0, 1, 2};
        };
        for (int i : order) {
            ObjectNode result = messages.addObject().put("role", "tool").put("content", RESULTS[i]);
            switch (shape) {
                case NAMES -> result.put("name", FUNCTIONS[i]);
                case BARE -> { }
                default -> result.put("tool_call_id", "call_" + i);
            }
        }
        return messages;
    }

    /** The assistant turn and its results as one backend received them. */
    record Turn(List<String> callIds, List<String> callNames, List<String> resultIds, List<String> resultNames,
                List<String> results, int resultMessages) {

        static Turn read(Egress egress, JsonNode body) {
            Turn turn = new Turn(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0);
            int resultMessages = 0;
            switch (egress) {
                case ANTHROPIC -> {
                    for (JsonNode message : body.path("messages")) {
                        boolean hasResults = false;
                        for (JsonNode block : message.path("content")) {
                            switch (block.path("type").asText()) {
                                case "tool_use" -> {
                                    turn.callIds.add(block.path("id").asText(null));
                                    turn.callNames.add(block.path("name").asText());
                                }
                                case "tool_result" -> {
                                    hasResults = true;
                                    turn.resultIds.add(block.path("tool_use_id").asText(null));
                                    turn.results.add(text(block.path("content")));
                                }
                                default -> { }
                            }
                        }
                        resultMessages += hasResults ? 1 : 0;
                    }
                }
                case GEMINI -> {
                    for (JsonNode content : body.path("contents")) {
                        boolean hasResults = false;
                        for (JsonNode part : content.path("parts")) {
                            if (part.has("functionCall")) {
                                turn.callNames.add(part.at("/functionCall/name").asText());
                            }
                            if (part.has("functionResponse")) {
                                hasResults = true;
                                turn.resultNames.add(part.at("/functionResponse/name").asText());
                                turn.results.add(part.at("/functionResponse/response/content").asText());
                            }
                        }
                        resultMessages += hasResults ? 1 : 0;
                    }
                }
                default -> {          // OpenAI-compatible and Ollama: one message per result
                    for (JsonNode message : body.path("messages")) {
                        for (JsonNode call : message.path("tool_calls")) {
                            turn.callIds.add(call.path("id").asText(null));
                            turn.callNames.add(call.at("/function/name").asText());
                        }
                        if (message.path("role").asText().equals("tool")) {
                            turn.resultIds.add(message.path("tool_call_id").asText(null));
                            turn.resultNames.add(message.path("tool_name").asText(null));
                            turn.results.add(message.path("content").asText());
                            resultMessages++;
                        }
                    }
                }
            }
            return new Turn(turn.callIds, turn.callNames, turn.resultIds, turn.resultNames, turn.results, resultMessages);
        }

        /** Anthropic's tool_result content: a string, or text blocks. */
        private static String text(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(block -> text.append(block.path("text").asText()));
            return text.toString();
        }
    }

    static Stream<Arguments> choices() {
        List<Arguments> rows = new ArrayList<>();
        for (Egress egress : Egress.values()) {
            if (egress.supportsTools()) {
                for (String choice : List.of("\"auto\"", "\"none\"", "\"required\"",
                        "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")) {
                    rows.add(Arguments.of(egress, choice));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: tool_choice {1}")
    @MethodSource("choices")
    void tool_choice_reaches_each_dialect_in_its_terms_or_is_a_400(Egress egress, String choice) throws Exception {
        egress.stub(backend, "m", Reply.text("Sunny", "."));
        ObjectNode body = Json.object().put("model", egress.backend + "/m");
        body.putArray("messages").addObject().put("role", "user").put("content", "Weather in Paris?");
        body.set("tools", Scenario.TOOL_RESULT_ROUND_TRIP.tools());
        body.set("tool_choice", Json.parse(choice));

        HttpResponse<String> response = Ingress.post(gateway("/v1/chat/completions"), body);

        List<LoggedRequest> sent = backend.findAll(postRequestedFor(urlEqualTo(egress.pathFor(false))));
        JsonNode expected = switch (egress) {
            case OPENAI_COMPATIBLE -> Json.parse(choice);
            case ANTHROPIC -> Json.parse(switch (choice) {
                case "\"auto\"" -> "{\"type\":\"auto\"}";
                case "\"none\"" -> "{\"type\":\"none\"}";
                case "\"required\"" -> "{\"type\":\"any\"}";
                default -> "{\"type\":\"tool\",\"name\":\"get_weather\"}";
            });
            case GEMINI -> Json.parse(switch (choice) {
                case "\"auto\"" -> "{\"mode\":\"AUTO\"}";
                case "\"none\"" -> "{\"mode\":\"NONE\"}";
                case "\"required\"" -> "{\"mode\":\"ANY\"}";
                default -> "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}";
            });
            default -> null;
        };
        if (egress == Egress.OLLAMA && (choice.equals("\"required\"") || choice.startsWith("{"))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(Json.parse(response.body()).at("/error/message").asText()).contains("Ollama has no tool_choice");
            assertThat(sent).isEmpty();
            return;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode request = Json.parse(sent.get(0).getBodyAsString());
        switch (egress) {
            case OLLAMA -> {
                assertThat(request.has("tool_choice")).isFalse();
                assertThat(request.has("tools")).as("\"none\" sends no tools").isEqualTo(choice.equals("\"auto\""));
            }
            case GEMINI -> assertThat(request.at("/toolConfig/functionCallingConfig")).isEqualTo(expected);
            default -> assertThat(request.get("tool_choice")).isEqualTo(expected);
        }
    }
}
