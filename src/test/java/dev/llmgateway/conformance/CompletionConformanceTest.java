package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.routes.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text-completion front door ({@code /v1/completions}, {@code /api/generate}) × every backend
 * dialect: native where the backend completes text (Ollama's {@code /api/generate}, the OpenAI-compatible
 * {@code /completions}), as a chat elsewhere; whole, streamed, fill-in-the-middle (a 400 where the
 * backend cannot), an upstream error before and after the first byte.
 */
class CompletionConformanceTest extends GatewayTestSupport {

    enum Door {
        OPENAI("/v1/completions"), OLLAMA("/api/generate");

        final String path;

        Door(String path) {
            this.path = path;
        }

        ObjectNode body(String model, boolean stream, String suffix) {
            ObjectNode body = Json.object().put("model", model).put("prompt", "Hi").put("stream", stream);
            if (this == OPENAI) {
                body.put("max_tokens", 32);
                if (stream) {
                    body.putObject("stream_options").put("include_usage", true);
                }
            } else {
                body.putObject("options").put("num_predict", 32);
            }
            return suffix == null ? body : body.put("suffix", suffix);
        }

        /** Text, finish reason, error and token counts as the client reads them. */
        Outcome read(HttpResponse<String> response, boolean stream) throws Exception {
            Outcome outcome = new Outcome();
            outcome.status = response.statusCode();
            if (!stream || response.statusCode() != 200) {
                JsonNode json = Json.parse(response.body());
                if (response.statusCode() != 200) {
                    outcome.error = this == OPENAI ? json.at("/error/message").asText() : json.path("error").asText();
                } else {
                    readEvent(json, outcome);
                }
                return outcome;
            }
            String previousLine = "";
            for (String line : response.body().split("\n")) {
                if (this == OPENAI && line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                    JsonNode event = Json.parse(line.substring(6));
                    if (previousLine.equals("event: error")) {
                        outcome.error = event.at("/error/message").asText();
                    } else {
                        readEvent(event, outcome);
                    }
                } else if (this == OLLAMA && !line.isBlank()) {
                    readEvent(Json.parse(line), outcome);
                }
                previousLine = line;
            }
            return outcome;
        }

        private void readEvent(JsonNode event, Outcome outcome) {
            if (this == OPENAI) {
                JsonNode choice = event.path("choices").path(0);
                if (!choice.isMissingNode()) {
                    assertThat(event.path("object").asText()).isEqualTo("text_completion");
                    outcome.content.append(choice.path("text").asText());
                    outcome.chunks++;
                    if (choice.hasNonNull("finish_reason")) {
                        outcome.finish = choice.get("finish_reason").asText();
                    }
                }
                if (event.hasNonNull("usage")) {
                    outcome.promptTokens = event.at("/usage/prompt_tokens").asInt();
                    outcome.completionTokens = event.at("/usage/completion_tokens").asInt();
                }
            } else {
                if (event.hasNonNull("error")) {
                    outcome.error = event.get("error").asText();
                    return;
                }
                assertThat(event.has("message")).as("a generate line has no message: %s", event).isFalse();
                outcome.content.append(event.path("response").asText());
                outcome.chunks++;
                if (event.path("done").asBoolean()) {
                    outcome.finish = event.path("done_reason").asText();
                    outcome.promptTokens = event.path("prompt_eval_count").asInt();
                    outcome.completionTokens = event.path("eval_count").asInt();
                }
            }
        }
    }

    enum Case {
        WHOLE(false, null, Reply.text("Hello", " there", "!")),
        STREAMED(true, null, Reply.text("Hello", " there", "!")),
        FILL_IN_THE_MIDDLE(false, " world", Reply.text("brave new")),
        ERROR_BEFORE_FIRST_BYTE(true, null, Reply.refused(404, "model 'm' not found, try pulling it first")),
        ERROR_MID_STREAM(true, null, Reply.failsAfter("Once", "an error was encountered while running the model: boom"));

        final boolean stream;
        final String suffix;
        final Reply reply;

        Case(boolean stream, String suffix, Reply reply) {
            this.stream = stream;
            this.suffix = suffix;
            this.reply = reply;
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Egress egress : Egress.values()) {
                for (Case each : Case.values()) {
                    rows.add(Arguments.of(door, egress, each));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("matrix")
    void should_complete_text_faithfully(Door door, Egress egress, Case each) throws Exception {
        String nativePath = nativePath(egress);
        if (nativePath != null) {
            stubNative(egress, nativePath, each.reply);
        } else {
            egress.stub(backend, "m", each.reply);
        }

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway(door.path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(door.body(egress.backend + "/m", each.stream, each.suffix).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        Outcome outcome = door.read(response, each.stream);

        if (each.suffix != null && nativePath == null) {
            assertThat(outcome.status).as("%s", outcome).isEqualTo(400);
            assertThat(outcome.error).contains("cannot fill in the middle").contains(egress.backend);
            backend.verify(0, anyRequestedFor(urlPathMatching(".*")).withRequestBody(matchingJsonPath("$.model")));
            return;
        }
        switch (each) {
            case ERROR_BEFORE_FIRST_BYTE -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(404);
                assertThat(outcome.error).contains("not found").contains(egress.backend);
            }
            case ERROR_MID_STREAM -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(200);
                assertThat(outcome.content).hasToString("Once");
                assertThat(outcome.error).contains("boom");
            }
            default -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(200);
                assertThat(outcome.error).as("%s", outcome).isNull();
                assertThat(outcome.content).hasToString(each.reply.fullContent());
                assertThat(outcome.finish).isEqualTo("stop");
                assertThat(outcome.promptTokens).isEqualTo(each.reply.promptTokens());
                assertThat(outcome.completionTokens).isEqualTo(each.reply.completionTokens());
                if (each.stream) {
                    assertThat(outcome.chunks).as("streamed in pieces").isGreaterThanOrEqualTo(3);
                }
                if (nativePath != null) {
                    JsonNode sent = Json.parse(backend.findAll(postRequestedFor(urlEqualTo(nativePath))).get(0).getBodyAsString());
                    assertThat(sent.path("prompt").asText()).isEqualTo("Hi");
                    assertThat(sent.path("suffix").isMissingNode()).isEqualTo(each.suffix == null);
                    assertThat(sent.path("messages").isMissingNode()).isTrue();
                }
            }
        }
    }

    /** Where a backend that completes text natively is asked; null for those asked through chat. */
    private static String nativePath(Egress egress) {
        return switch (egress) {
            case OLLAMA -> "/api/generate";
            case OPENAI_COMPATIBLE -> "/v1/completions";
            default -> null;
        };
    }

    /** Ollama's /api/generate lines, or the OpenAI-compatible /completions events, as those servers send them. */
    private static void stubNative(Egress egress, String path, Reply reply) {
        boolean ollama = egress == Egress.OLLAMA;
        if (reply.errorStatus() != 0) {
            backend.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(reply.errorStatus())
                    .withHeader("Content-Type", "application/json")
                    .withBody(ollama ? Upstreams.ollamaError(reply) : Upstreams.openAiError(reply))));
            return;
        }
        StringBuilder stream = new StringBuilder();
        for (String part : reply.content()) {
            stream.append(ollama ? generated(part, false, reply) + "\n" : "data: " + completion(part, null, false, reply) + "\n\n");
            if (reply.midStreamError() != null) {
                ObjectNode error = Json.object();
                if (ollama) {
                    error.put("error", reply.midStreamError());
                } else {
                    error.putObject("error").put("message", reply.midStreamError()).put("type", "server_error");
                }
                stream.append(ollama ? error + "\n" : "data: " + error + "\n\n");
                break;
            }
        }
        if (reply.midStreamError() == null) {
            stream.append(ollama ? generated("", true, reply) + "\n"
                    : "data: " + completion("", "stop", false, reply) + "\n\n"
                    + "data: " + completion(null, null, true, reply) + "\n\ndata: [DONE]\n\n");
        }
        backend.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", ollama ? "application/x-ndjson" : "text/event-stream")
                        .withBody(stream.toString()).withChunkedDribbleDelay(4, 200)));
        backend.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(ollama ? generated(reply.fullContent(), true, reply).toString()
                                : completion(reply.fullContent(), "stop", true, reply).toString())));
    }

    /** {@code {"model":"m","created_at":"…","response":"Hel","done":false}}; the last line with counts and context. */
    private static ObjectNode generated(String text, boolean done, Reply reply) {
        ObjectNode line = Json.object().put("model", "m").put("created_at", "2025-07-07T20:32:53.8Z")
                .put("response", text).put("done", done);
        if (done) {
            line.put("done_reason", "stop");
            line.putArray("context").add(128006).add(9125);
            line.put("total_duration", 3244883583L).put("prompt_eval_count", reply.promptTokens())
                    .put("eval_count", reply.completionTokens());
        }
        return line;
    }

    /** {@code {"id":"cmpl-up","object":"text_completion","choices":[{"text":"Hel","index":0,"finish_reason":null}]}} */
    private static ObjectNode completion(String text, String finish, boolean usage, Reply reply) {
        ObjectNode event = Json.object().put("id", "cmpl-up").put("object", "text_completion")
                .put("created", 1741570283).put("model", "m");
        if (text == null) {
            event.putArray("choices");
        } else {
            ObjectNode choice = event.putArray("choices").addObject().put("text", text).put("index", 0);
            choice.putNull("logprobs");
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
        }
        if (usage) {
            event.putObject("usage").put("prompt_tokens", reply.promptTokens())
                    .put("completion_tokens", reply.completionTokens())
                    .put("total_tokens", reply.promptTokens() + reply.completionTokens());
        }
        return event;
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
}
