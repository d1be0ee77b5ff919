package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mistyped requests at the three HTTP front doors and the WebSocket: every
 * one is answered within seconds with a 4xx (or a 200 when still valid) in the caller's error
 * shape, never a 500 or a dropped connection. The seed is fixed, so a failure can be replayed.
 */
class IngressFuzzTest extends GatewayTestSupport {

    private static final String OPENAI = """
            {"model":"llama3.2","stream":false,"temperature":0.2,"max_tokens":64,"stop":["\\n\\n"],
             "messages":[{"role":"system","content":"Be brief."},
               {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"21 C"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":"auto","response_format":{"type":"json_object"}}""";
    private static final String OLLAMA = """
            {"model":"llama3.2","stream":false,"format":"json","options":{"temperature":0.2,"num_predict":64,"stop":["\\n"]},
             "messages":[{"role":"user","content":"Hi","images":["iVBORw0KGgo="]},
               {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
               {"role":"tool","tool_name":"get_weather","content":"21 C"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],"think":true}""";
    private static final String ANTHROPIC = """
            {"model":"llama3.2","max_tokens":64,"stream":false,"system":[{"type":"text","text":"Be brief."}],"temperature":0.2,
             "messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"21 C"}]}],
             "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"thinking":{"type":"enabled","budget_tokens":1024}}""";
    private static final JsonNode[] ODD_VALUES = {Json.MAPPER.nullNode(), Json.MAPPER.getNodeFactory().numberNode(-1),
        Json.MAPPER.getNodeFactory().textNode("x"), Json.MAPPER.createArrayNode(), Json.MAPPER.createObjectNode(),
        Json.MAPPER.getNodeFactory().booleanNode(true), Json.MAPPER.getNodeFactory().numberNode(1e308)};

    @BeforeEach
    void answerEveryValidRequest() {
        backend.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":1,\"eval_count\":1}")));
    }

    @Test
    void should_answer_every_mangled_request_with_a_client_error_in_its_dialect() throws Exception {
        Random random = new Random(4711);
        List<String> failures = new ArrayList<>();
        for (String[] door : new String[][] {{"/v1/chat/completions", OPENAI}, {"/api/chat", OLLAMA}, {"/v1/messages", ANTHROPIC}}) {
            for (String body : mangled(door[1], random)) {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(gateway(door[0])))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() >= 500 || reply.statusCode() >= 400 && !isJsonObject(reply.body())) {
                    failures.add(door[0] + " " + reply.statusCode() + " " + reply.body() + " <- " + body);
                }
            }
        }
        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-failures.txt"), failures);
        assertThat(failures).isEmpty();
    }

    @Test
    void should_answer_every_mangled_websocket_frame_with_an_error_frame_on_an_open_connection() throws Exception {
        Random random = new Random(815);
        String chat = "{\"type\":\"chat\",\"id\":\"f\",\"stream\":false,\"model\":\"llama3.2\",\"options\":{\"temperature\":0.2},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        List<String> failures = new ArrayList<>();
        try (WsTestClient ws = new WsTestClient(wsPort)) {
            for (String frame : mangled(chat, random)) {
                ws.send(frame);
                JsonNode answer = ws.answerTo(frame);
                while (answer.path("type").asText().equals("chunk")) {   // a mutation that is still a valid stream
                    answer = ws.next();
                }
                if (answer.at("/error/status").asInt(200) >= 500) {
                    failures.add(answer + " <- " + frame);
                }
            }
            ws.send("{\"type\":\"chat\",\"id\":\"last\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            JsonNode last = ws.next();
            while (!last.path("id").asText().equals("last")) {           // answers to earlier, slower chats
                last = ws.next();
            }
            assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("done");   // still open and working
        }
        assertThat(failures).isEmpty();
    }

    /** Every truncation, every field set to each odd value, and some random bytes. */
    private static Set<String> mangled(String valid, Random random) throws Exception {
        Set<String> bodies = new LinkedHashSet<>();
        String compact = Json.write(Json.parse(valid));
        for (int end = 0; end < compact.length(); end += 3) {
            bodies.add(compact.substring(0, end));
        }
        List<String> pointers = new ArrayList<>();
        collect(Json.parse(compact), "", pointers);
        for (String pointer : pointers) {
            for (JsonNode odd : ODD_VALUES) {
                JsonNode copy = Json.parse(compact);
                replace(copy, pointer, odd);
                bodies.add(Json.write(copy));
            }
        }
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            bodies.add(new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return bodies;
    }

    private static void collect(JsonNode node, String pointer, List<String> pointers) {
        if (!pointer.isEmpty()) {
            pointers.add(pointer);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> collect(node.get(name), pointer + "/" + name, pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
    }

    private static boolean isJsonObject(String body) {
        try {
            return Json.parse(body).isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
