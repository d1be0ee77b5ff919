package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** POST /v1/messages/count_tokens with the Anthropic SDK: counted by Anthropic backends, estimated here for others. */
class TokenCountTest extends GatewayTestSupport {

    private AnthropicClient client() {
        return AnthropicOkHttpClient.builder().baseUrl(gateway("")).apiKey("unused-by-the-gateway").maxRetries(0).build();
    }

    @Test
    void should_let_an_anthropic_backend_count_the_request_as_it_came() {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages/count_tokens")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"input_tokens\":14}")));

        long tokens = client().messages().countTokens(MessageCountTokensParams.builder()
                .model("anthropic/claude-sonnet-4-5").system("Be brief.").addUserMessage("Hello, Claude").build()).inputTokens();

        assertThat(tokens).isEqualTo(14);
        backend.verify(postRequestedFor(urlEqualTo("/anthropic/v1/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("sk-ant-test-secret"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","system":"Be brief.","messages":[{"role":"user","content":"Hello, Claude"}]}""")));
    }

    @Test
    void should_estimate_with_a_real_tokenizer_for_other_backends_and_say_so() throws Exception {
        long shortCount = client().messages().countTokens(MessageCountTokensParams.builder()
                .model("llama3.2").addUserMessage("Hello, world").build()).inputTokens();
        HttpResponse<String> longer = postJson("/v1/messages/count_tokens", """
                {"model":"gemini/gemini-2.5-flash","system":[{"type":"text","text":"You are a careful assistant."}],
                 "messages":[{"role":"user","content":"Hello, world"},
                             {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
                             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny, 21 degrees"}]}],
                 "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object"}}]}""",
                "anthropic-version", "2023-06-01");

        assertThat(shortCount).as("'Hello, world' is 3 o200k tokens, and the turn's 3").isEqualTo(6);
        assertThat(longer.statusCode()).isEqualTo(200);
        assertThat(longer.headers().firstValue("X-LLM-Token-Count")).hasValue("estimate; tokenizer=o200k_base");
        assertThat(Json.parse(longer.body()).path("input_tokens").asInt()).isGreaterThan(30).isLessThan(80);
        backend.verify(0, anyRequestedFor(urlPathMatching(".*count_tokens.*|/gemini/.*|/api/chat")));
    }

    @Test
    void should_answer_a_backend_error_and_a_bad_request_in_anthropics_shape() throws Exception {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages/count_tokens")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}")));

        HttpResponse<String> missing = postJson("/v1/messages/count_tokens", """
                {"model":"anthropic/claude-x","messages":[{"role":"user","content":"Hi"}]}""", "anthropic-version", "2023-06-01");
        HttpResponse<String> empty = postJson("/v1/messages/count_tokens", """
                {"model":"anthropic/claude-x","messages":[]}""", "anthropic-version", "2023-06-01");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.parse(missing.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(Json.parse(missing.body()).at("/error/message").asText()).contains("claude-x");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(Json.parse(empty.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
