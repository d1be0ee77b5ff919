package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import dev.llmgateway.store.PostgresServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two whole gateways sharing one real PostgreSQL, as two replicas do: a key made on one works on the
 * other, what a key spends on one (a streamed reply) counts against its budget on the other, and a
 * key revoked on one is refused by the other.
 */
class TwoGatewaysTest extends GatewayTestSupport {

    private static final String ADMIN = "k-admin-0123456789";
    private static final String STREAMED_CHAT = "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private String store;
    private Main other;
    private int otherPort;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        if (store == null) {
            store = PostgresServer.get().newDatabase("two_gateways_" + Long.toHexString(System.nanoTime()));
        }
        properties.put("gateway.auth.adminKeys", ADMIN);
        properties.put("gateway.store.url", store);
        properties.put("gateway.store.syncPeriod", "200ms");
        return properties;
    }

    @Test
    void should_share_keys_budgets_and_revocations_between_two_gateways() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody("""
                        {"model":"llama3.2","message":{"role":"assistant","content":"Hel"},"done":false}
                        {"model":"llama3.2","message":{"role":"assistant","content":"lo"},"done":false}
                        {"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":3}
                        """)));
        startTheOtherGateway();
        HttpResponse<String> made = send(port, "POST", "/admin/keys", "Bearer " + ADMIN,
                "{\"name\":\"shared\",\"budget\":{\"tokensPerDay\":20}}");
        String key = Json.parse(made.body()).path("key").asText();
        String id = Json.parse(made.body()).path("id").asText();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                send(otherPort, "POST", "/v1/chat/completions", "Bearer " + key, STREAMED_CHAT).statusCode() == 200);   // 12
        assertThat(send(port, "POST", "/v1/chat/completions", "Bearer " + key, STREAMED_CHAT).statusCode()).isEqualTo(200); // 24

        HttpResponse<String> refused = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                send(otherPort, "POST", "/v1/chat/completions", "Bearer " + key, STREAMED_CHAT), reply -> reply.statusCode() == 429);
        assertThat(Json.parse(refused.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");

        send(otherPort, "DELETE", "/admin/keys/" + id, "Bearer " + ADMIN, null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                send(port, "POST", "/v1/chat/completions", "Bearer " + key, STREAMED_CHAT).statusCode() == 401);
    }

    /** The second gateway: the same route files and settings, its own ports, the same store. */
    private void startTheOtherGateway() throws Exception {
        Properties settings = useOverridePropertiesWithPropertiesComponent();
        try (ServerSocket http = new ServerSocket(0); ServerSocket ws = new ServerSocket(0)) {
            otherPort = http.getLocalPort();
            settings.put("camel.server.port", String.valueOf(otherPort));
            settings.put("gateway.ws.port", String.valueOf(ws.getLocalPort()));
        }
        other = new Main();
        other.setPropertyPlaceholderLocations("file:application.properties");
        other.configure().withRoutesIncludePattern("file:routes/*.yaml");
        settings.forEach((name, value) -> other.addOverrideProperty((String) name, (String) value));
        other.start();
    }

    @AfterAll
    void stopTheOtherGateway() throws Exception {
        if (other != null) {
            other.stop();
        }
    }

    private HttpResponse<String> send(int at, String method, String path, String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + at + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
