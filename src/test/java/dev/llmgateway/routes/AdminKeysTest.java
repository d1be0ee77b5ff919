package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API makes, lists, changes and revokes keys; a key's secret is shown once and works at once. */
class AdminKeysTest extends GatewayTestSupport {

    static final String ADMIN = "k-admin-0123456789";
    static final String CHAT = "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.keys", "k-static-0123456789");
        properties.put("gateway.auth.adminKeys", ADMIN);
        return properties;
    }

    @BeforeEach
    void stubOllama() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":4,\"eval_count\":2}")));
    }

    @Test
    void should_make_a_key_that_works_at_once_and_show_its_secret_only_once() throws Exception {
        HttpResponse<String> made = admin("POST", "/admin/keys", """
                {"name":"alice","models":["ollama/*"],"backends":["ollama"],"sensitivity":"private",
                 "limits":{"requestsPerMinute":30,"tokensPerMinute":10000},
                 "budget":{"tokensPerDay":100000,"costPerMonth":20.0},"expiresAt":"2099-01-01T00:00:00Z"}""");

        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode key = Json.parse(made.body());
        String secret = key.path("key").asText();
        assertThat(secret).matches("sk-gw-[A-Za-z0-9]{40}");
        assertThat(key.path("hint").asText()).isEqualTo("sk-gw-…" + secret.substring(secret.length() - 4));
        assertThat(key.at("/limits/requestsPerMinute").asInt()).isEqualTo(30);
        assertThat(key.at("/budget/costPerMonth").asDouble()).isEqualTo(20.0);
        assertThat(key.path("expiresAt").asText()).isEqualTo("2099-01-01T00:00:00Z");

        HttpResponse<String> chat = postJson("/api/chat", CHAT, "Authorization", "Bearer " + secret);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);

        HttpResponse<String> list = admin("GET", "/admin/keys", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).contains(key.path("id").asText()).contains("\"name\":\"alice\"");
        HttpResponse<String> one = admin("GET", "/admin/keys/" + key.path("id").asText(), null);
        assertThat(Json.parse(one.body()).path("active").asBoolean()).isTrue();
        assertThat(one.body()).doesNotContain(secret);
    }

    @Test
    void should_refuse_a_revoked_or_expired_key_saying_which() throws Exception {
        JsonNode bob = Json.parse(admin("POST", "/admin/keys", "{\"name\":\"bob\"}").body());
        JsonNode old = Json.parse(admin("POST", "/admin/keys", "{\"name\":\"old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}").body());
        assertThat(postJson("/api/chat", CHAT, "Authorization", "Bearer " + bob.path("key").asText()).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = admin("DELETE", "/admin/keys/" + bob.path("id").asText(), null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(Json.parse(revoked.body()).path("revokedAt").asText()).isNotEmpty();

        HttpResponse<String> refused = postJson("/v1/chat/completions", CHAT, "Authorization", "Bearer " + bob.path("key").asText());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Json.parse(refused.body()).at("/error/message").asText()).contains("was revoked").contains(bob.path("hint").asText());
        HttpResponse<String> expired = postJson("/v1/messages", CHAT, "x-api-key", old.path("key").asText());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(Json.parse(expired.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(Json.parse(expired.body()).at("/error/message").asText()).contains("expired at 2020-01-01T00:00:00Z");
    }

    @Test
    void should_stop_a_websocket_that_keeps_a_revoked_key() throws Exception {
        JsonNode frank = Json.parse(admin("POST", "/admin/keys", "{\"name\":\"frank\"}").body());
        String chat = "{\"type\":\"chat\",\"id\":\"%s\",\"stream\":false,\"model\":\"llama3.2\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        try (WsTestClient client = new WsTestClient(wsPort, "?token=" + frank.path("key").asText())) {
            client.send(chat.formatted("before"));
            assertThat(client.untilDoneOrError().path("type").asText()).isEqualTo("done");

            admin("DELETE", "/admin/keys/" + frank.path("id").asText(), null);
            client.send(chat.formatted("after"));
            JsonNode refused = client.untilDoneOrError();

            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.at("/error/status").asInt()).isEqualTo(401);
            assertThat(refused.at("/error/message").asText()).contains("was revoked");
        }
    }


    @Test
    void should_change_only_the_fields_sent_and_refuse_unknown_ones() throws Exception {
        String id = Json.parse(admin("POST", "/admin/keys", "{\"name\":\"carol\",\"models\":[\"llama3.2\"]}").body()).path("id").asText();

        HttpResponse<String> changed = admin("PATCH", "/admin/keys/" + id, "{\"limits\":{\"requestsPerMinute\":5}}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Json.parse(changed.body()).at("/limits/requestsPerMinute").asInt()).isEqualTo(5);
        assertThat(Json.parse(changed.body()).at("/models/0").asText()).isEqualTo("llama3.2");

        HttpResponse<String> unknown = admin("PATCH", "/admin/keys/" + id, "{\"limit\":{\"requestsPerMinute\":5}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.parse(unknown.body()).at("/error/message").asText()).contains("unknown field 'limit'");
        HttpResponse<String> negative = admin("PATCH", "/admin/keys/" + id, "{\"limits\":{\"requestsPerMinute\":-1}}");
        assertThat(Json.parse(negative.body()).at("/error/message").asText()).contains("limits.requestsPerMinute must be greater than 0");
        assertThat(admin("GET", "/admin/keys/key_nope", null).statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/admin/keys", "{\"models\":[]}").statusCode()).isEqualTo(400);
        HttpResponse<String> curlStyle = send("POST", "/admin/keys", "{\"name\":\"erin\"}", "Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/x-www-form-urlencoded");                 // what curl -d sends
        assertThat(curlStyle.statusCode()).as(curlStyle.body()).isEqualTo(201);
    }

    @Test
    void should_open_the_admin_api_to_admin_keys_only() throws Exception {
        HttpResponse<String> none = send("GET", "/admin/keys", null);
        HttpResponse<String> ordinary = send("GET", "/admin/keys", null, "Authorization", "Bearer k-static-0123456789");
        String secret = Json.parse(admin("POST", "/admin/keys", "{\"name\":\"dave\"}").body()).path("key").asText();
        HttpResponse<String> virtual = send("GET", "/admin/keys", null, "Authorization", "Bearer " + secret);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(ordinary.statusCode()).isEqualTo(401);
        assertThat(virtual.statusCode()).isEqualTo(401);
        assertThat(Json.parse(ordinary.body()).at("/error/message").asText()).contains("admin key");
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer " + ADMIN);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!java.util.List.of(headers).contains("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
