package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import dev.llmgateway.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** With gateway.auth.keys set, every HTTP path but the public ones and every WebSocket need a key. */
class GatewayKeysTest extends GatewayTestSupport {

    private static final String CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.keys", "k-alpha-0123456789, k-beta-0123456789");
        properties.put("gateway.auth.adminKeys", "k-admin-0123456789");
        return properties;
    }

    @Test
    void should_listen_on_every_interface_once_keys_are_set() throws Exception {
        InetAddress network = networkAddress().orElse(null);
        assumeTrue(network != null, "this machine has no network address besides loopback");

        assertThat(accepts(network, port)).as("HTTP on " + network).isTrue();
        assertThat(accepts(network, wsPort)).as("WebSocket on " + network).isTrue();
    }

    @Test
    void should_let_only_admin_keys_change_a_backends_models_and_take_them_for_everything_else() throws Exception {
        backend.stubFor(delete(urlEqualTo("/api/delete")).willReturn(
                aResponse().withStatus(200)));
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true}")));

        HttpResponse<String> byUser = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/delete")))
                .header("Authorization", "Bearer k-alpha-0123456789")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"model\":\"ollama/old\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> byAdmin = http.send(HttpRequest.newBuilder(URI.create(gateway("/api/delete")))
                .header("Authorization", "Bearer k-admin-0123456789")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"model\":\"ollama/old\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chatByAdmin = postJson("/api/chat", CHAT.replace("}]}", "}],\"stream\":false}"),
                "Authorization", "Bearer k-admin-0123456789");

        assertThat(byUser.statusCode()).isEqualTo(403);
        assertThat(Json.parse(byUser.body()).path("error").asText()).contains("admin key");
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(chatByAdmin.statusCode()).isEqualTo(200);
        backend.verify(1, deleteRequestedFor(urlEqualTo("/api/delete")));
    }

    @Test
    void should_refuse_requests_without_a_valid_key_in_the_callers_dialect() throws Exception {
        HttpResponse<String> openAi = postJson("/v1/chat/completions", CHAT);
        HttpResponse<String> wrong = postJson("/v1/chat/completions", CHAT, "Authorization", "Bearer k-alpha-012345678X");
        HttpResponse<String> ollama = postJson("/api/chat", CHAT);
        HttpResponse<String> anthropic = postJson("/v1/messages", CHAT, "x-api-key", "nope");
        HttpResponse<String> status = send("/api/status");

        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(openAi.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode error = Json.parse(openAi.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("message").asText()).contains("Authorization: Bearer");
        assertThat(Json.parse(wrong.body()).at("/error/message").asText()).isEqualTo("the gateway API key is not valid");
        assertThat(ollama.statusCode()).isEqualTo(401);
        assertThat(Json.parse(ollama.body()).path("error").isTextual()).isTrue();
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(Json.parse(anthropic.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(status.statusCode()).isEqualTo(401);
        backend.verify(0, anyRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void should_let_requests_with_a_key_through_whichever_header_their_sdk_uses() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":1}")));

        HttpResponse<String> bearer = postJson("/v1/chat/completions", CHAT, "Authorization", "Bearer k-beta-0123456789");
        HttpResponse<String> apiKey = postJson("/api/chat", CHAT.replace("}]}", "}],\"stream\":false}"),
                "x-api-key", "k-alpha-0123456789");
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("k-alpha-0123456789").build();
        OpenAIClient badSdk = OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("stolen").maxRetries(0).build();

        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(apiKey.statusCode()).isEqualTo(200);
        assertThat(sdk.models().list().data()).isNotNull();
        assertThatThrownBy(() -> badSdk.models().list()).isInstanceOf(UnauthorizedException.class);
        // the gateway's key is the client's business: the backend never sees it
        backend.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization",
                containing("k-")));
    }

    @Test
    void should_keep_health_probes_and_the_playground_page_public() throws Exception {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[]}")));

        assertThat(send("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(send("/").body()).isEqualTo("Ollama is running");
        assertThat(send("/playground").statusCode()).isEqualTo(200);
        assertThat(send("/observe/metrics").statusCode()).isEqualTo(401);
    }

    /** Regression (issue 16): the public readiness probe showed every backend's URL and last error. */
    @Test
    void should_show_health_details_to_key_holders_only() throws Exception {
        discoverModels();
        HttpResponse<String> anyone = send("/observe/health/ready?data=true");
        HttpResponse<String> holder = http.send(HttpRequest.newBuilder(URI.create(gateway("/observe/health/ready?data=true")))
                .header("Authorization", "Bearer k-alpha-0123456789").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(Json.parse(anyone.body()).path("checks").findValuesAsText("name")).contains("backends");
        assertThat(anyone.body()).doesNotContain("http://").doesNotContain("\"data\"");
        assertThat(holder.body()).contains("backend.ollama").contains("\"data\"");
    }

    @Test
    void should_refuse_the_websocket_handshake_without_a_key_and_accept_token_or_header() throws Exception {
        var refused = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + wsPort + "/ws?token=wrong"), new WebSocket.Listener() { });

        assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        for (WsTestClient client : new WsTestClient[] {
                new WsTestClient(wsPort, "?token=k-beta-0123456789"),
                new WsTestClient(wsPort, "", "Authorization", "Bearer k-alpha-0123456789")}) {
            try (client) {
                client.send("{\"type\":\"nonsense\",\"id\":\"x\"}");
                assertThat(client.next().path("type").asText()).isEqualTo("error");
            }
        }
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
