package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest extends GatewayTestSupport {

    @Test
    void should_list_the_models_of_every_reachable_backend_with_their_backend_prefix() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00",
                          "size":2019393189,"digest":"a80c4f17acd5","details":{"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}""")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object":"list","data":[{"id":"qwen3-8b","object":"model","owned_by":"organization_owner"},
                                                 {"id":"openai/gpt-oss-20b","object":"model","owned_by":"organization_owner"}]}""")));

        discoverModels();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/models"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = Json.parse(response.body());
        assertThat(json.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        json.path("data").forEach(model -> ids.add(model.path("id").asText()));
        // the unreachable "offline" backend adds nothing instead of failing the list
        assertThat(ids).containsExactly("lmStudio/openai/gpt-oss-20b", "lmStudio/qwen3-8b", "ollama/llama3.2:latest");
        assertThat(json.at("/data/2/owned_by").asText()).isEqualTo("ollama");
        assertThat(json.at("/data/2/object").asText()).isEqualTo("model");
        assertThat(json.at("/data/2/created").asLong()).isEqualTo(1746405464L);
        backend.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer lm-secret-key")));
    }

    @Test
    void should_retrieve_one_model_whose_id_holds_slashes_with_the_sdks_and_by_hand() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\"}]}")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"openai/gpt-oss-20b\",\"object\":\"model\",\"owned_by\":\"me\"}]}")));
        discoverModels();
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused").maxRetries(0).build();
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway("")).apiKey("unused").maxRetries(0).build();

        Model sdkModel = openAi.models().retrieve("lmStudio/openai/gpt-oss-20b");
        ModelInfo claudeShaped = anthropic.models().retrieve("ollama/llama3.2:latest");
        HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/models/ollama/llama3.2:latest"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/models/llama3.2:latest"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(sdkModel.id()).isEqualTo("lmStudio/openai/gpt-oss-20b");
        assertThat(sdkModel.ownedBy()).isEqualTo("lmStudio");
        assertThat(claudeShaped.id()).isEqualTo("ollama/llama3.2:latest");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(Json.parse(raw.body()).path("id").asText()).isEqualTo("ollama/llama3.2:latest");
        assertThat(Json.parse(bare.body()).path("id").asText()).isEqualTo("ollama/llama3.2:latest");
        assertThatThrownBy(() -> openAi.models().retrieve("ollama/gone")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("The model 'ollama/gone' does not exist");
        assertThatThrownBy(() -> anthropic.models().retrieve("ollama/gone"))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class);
    }
}
