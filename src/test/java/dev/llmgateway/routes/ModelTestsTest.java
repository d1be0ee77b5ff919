package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model test runner against simulated models: one that passes everything, one that never
 * calls tools, one that produces arguments that do not parse, and one on a backend that is down.
 */
class ModelTestsTest extends GatewayTestSupport {

    private static final Path RESULTS = Path.of("target", "model-test-results-" + ProcessHandle.current().pid());

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.modelTests.dir", RESULTS.toString());
        properties.put("agents.backends.offline.category", "self-hosted");
        return properties;
    }

    private static MappingBuilder chat(String model, int priority) {
        return post(urlEqualTo("/v1/chat/completions")).atPriority(priority)
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    private static String answer(String content) {
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(Json.MAPPER.getNodeFactory().textNode(content))
                + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}}";
    }

    private static String toolCall(String arguments) {
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":" + Json.write(Json.MAPPER.getNodeFactory().textNode(arguments))
                + "}}]},\"finish_reason\":\"tool_calls\"}]}";
    }

    /** A model that behaves: answers, remembers, calls the tool, uses its result, streams. */
    private static void stubModel(String model, String toolReply) {
        String stream = Stream.of("Hello", " Ada", "!").map(part -> "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + part + "\"},\"finish_reason\":null}]}\n\n")
                .reduce("", String::concat)
                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}\n\ndata: [DONE]\n\n";
        backend.stubFor(chat(model, 1).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(stream).withChunkedDribbleDelay(3, 150)));
        backend.stubFor(chat(model, 2).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(answer("It is 21°C and sunny in Paris."))));
        backend.stubFor(chat(model, 3).withRequestBody(matchingJsonPath("$.tools"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(toolReply)));
        backend.stubFor(chat(model, 4).withRequestBody(containing("What is my name"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(answer("Ada"))));
        backend.stubFor(chat(model, 5)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(answer("Hello Ada, nice to meet you!"))));
    }

    @Test
    void should_table_which_models_pass_which_steps() throws Exception {
        stubModel("good", toolCall("{\"city\":\"Paris\"}"));
        stubModel("chatty", answer("I cannot look up the weather."));
        stubModel("sloppy", toolCall("{city: Paris"));
        List<JsonNode> progress = new ArrayList<>();

        HttpResponse<String> response;
        try (WsTestClient watcher = new WsTestClient(wsPort)) {
            response = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/model-tests?wait=true")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"models\":[\"lmStudio/good\",\"lmStudio/chatty\",\"lmStudio/sloppy\",\"offline/gone\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 20; i++) {
                progress.add(watcher.next());
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        String table = response.body();
        assertThat(table).contains("| Backend | Model | greeting | follow-up | tool-call | tool-result | streamed-greeting | TTFT | Total | tok/s |");
        assertThat(row(table, "good")).matches("\\| lmStudio \\| good \\| pass \\| pass \\| pass \\| pass \\| pass \\| \\d+ ms \\| .*");
        assertThat(row(table, "chatty")).contains("| pass | pass | FAIL: no tool call (answered: I cannot look up the weather.) "
                + "| FAIL: no tool call to answer (the tool-call step failed) | pass |");
        assertThat(row(table, "sloppy")).contains("| FAIL: arguments do not parse: {city: Paris |");
        assertThat(row(table, "gone")).contains("FAIL: backend 'offline' is unreachable at http://127.0.0.1:1/v1");
        assertThat(table).contains("## local").contains("## self-hosted").contains("4 model(s), 1 passed every step");

        assertThat(progress).allSatisfy(frame -> assertThat(frame.path("type").asText()).isEqualTo("modelTest"));
        assertThat(progress.get(0).path("model").asText()).isEqualTo("good");
        assertThat(progress.get(0).path("step").asText()).isEqualTo("greeting");

        JsonNode latest = Json.parse(http.send(HttpRequest.newBuilder(URI.create(gateway("/api/model-tests/latest"))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(latest.at("/results/0/passed").asBoolean()).isTrue();
        assertThat(latest.at("/results/1/steps/2/reason").asText()).startsWith("no tool call");
        assertThat(latest.path("markdown").asText()).isEqualTo(table);
        try (Stream<Path> files = Files.list(RESULTS)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".md")).anyMatch(n -> n.endsWith(".json"));
        }
    }

    private static String row(String table, String model) {
        return table.lines().filter(line -> line.contains("| " + model + " |")).findFirst().orElseThrow();
    }
}
