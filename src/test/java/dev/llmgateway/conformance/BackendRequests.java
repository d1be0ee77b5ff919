package dev.llmgateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a tool-result round trip must look like when it reaches each backend: the assistant's
 * call and the tool's answer, paired the way that API pairs them (Ollama: arguments as an object,
 * the result named by tool_name; Anthropic: tool_result blocks in the next user message).
 */
final class BackendRequests {

    private BackendRequests() {
    }

    static void assertToolResultReached(Egress egress, JsonNode sent) {
        switch (egress) {
            case OLLAMA -> {
                JsonNode call = sent.at("/messages/1/tool_calls/0");
                assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
                assertThat(call.at("/function/arguments/city").asText()).as("arguments as an object").isEqualTo("Paris");
                assertThat(sent.at("/messages/2/role").asText()).isEqualTo("tool");
                assertThat(sent.at("/messages/2/tool_name").asText()).isEqualTo("get_weather");
                assertThat(sent.at("/messages/2/content").asText()).isEqualTo("21°C");
            }
            case ANTHROPIC -> {
                JsonNode use = sent.at("/messages/1/content/0");
                assertThat(use.path("type").asText()).isEqualTo("tool_use");
                assertThat(use.at("/input/city").asText()).isEqualTo("Paris");
                JsonNode result = sent.at("/messages/2/content/0");
                assertThat(sent.at("/messages/2/role").asText()).isEqualTo("user");
                assertThat(result.path("type").asText()).isEqualTo("tool_result");
                assertThat(result.path("tool_use_id").asText()).isNotBlank().isEqualTo(use.path("id").asText());
                assertThat(result.toString()).contains("21°C");
            }
            case GEMINI -> {
                JsonNode call = sent.at("/contents/1/parts/0/functionCall");
                assertThat(sent.at("/contents/1/role").asText()).isEqualTo("model");
                assertThat(call.path("name").asText()).isEqualTo("get_weather");
                assertThat(call.at("/args/city").asText()).isEqualTo("Paris");
                JsonNode response = sent.at("/contents/2/parts/0/functionResponse");
                assertThat(sent.at("/contents/2/role").asText()).isEqualTo("user");
                assertThat(response.path("name").asText()).isEqualTo("get_weather");
                assertThat(response.path("response").toString()).contains("21°C");
            }
            default -> {
                JsonNode call = sent.at("/messages/1/tool_calls/0");
                assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
                assertThat(call.at("/function/arguments").isTextual()).as("arguments as a JSON string").isTrue();
                assertThat(Ingress.parse(call.at("/function/arguments").asText()).path("city").asText()).isEqualTo("Paris");
                assertThat(sent.at("/messages/2/tool_call_id").asText()).isNotBlank().isEqualTo(call.path("id").asText());
                assertThat(sent.at("/messages/2/content").asText()).isEqualTo("21°C");
            }
        }
    }
}
