package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmgateway.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regressions of issue 16: with a default install, a page on any site could POST text/plain or an
 * HTML form to the chat APIs (no CORS preflight for those), open the WebSocket and read the status,
 * and a foreign Host (DNS rebinding) was served. Same-origin and local pages keep working.
 */
class CrossSiteTest extends GatewayTestSupport {

    private static final String CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.allowedHosts", "gpu-box, *.lab.example");
        return properties;
    }

    @BeforeEach
    void stubOllama() {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":1}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/api/chat", "/v1/messages", "/api/model-tests"})
    void should_refuse_a_simple_cross_site_post_before_any_backend_call(String path) throws Exception {
        String reply = RawHttp.post(port, "localhost:" + port, path, "text/plain;charset=UTF-8", CHAT, "Origin: https://evil.example");
        String form = RawHttp.post(port, "localhost:" + port, path, "application/x-www-form-urlencoded", CHAT,
                "Origin: https://evil.example");

        assertThat(RawHttp.status(reply)).isEqualTo(403);
        assertThat(RawHttp.body(reply)).contains("https://evil.example may not use this gateway").contains("gateway.allowedOrigins");
        assertThat(RawHttp.status(form)).isEqualTo(403);
        backend.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void should_refuse_non_json_bodies_in_the_callers_dialect() throws Exception {
        String openAi = RawHttp.post(port, "localhost:" + port, "/v1/chat/completions", "text/plain", CHAT);
        String ollama = RawHttp.post(port, "localhost:" + port, "/api/chat", "multipart/form-data; boundary=x", CHAT);

        assertThat(RawHttp.status(openAi)).isEqualTo(415);
        assertThat(Json.parse(RawHttp.body(openAi)).at("/error/code").asText()).isEqualTo("unsupported_media_type");
        assertThat(RawHttp.status(ollama)).isEqualTo(415);
        assertThat(Json.parse(RawHttp.body(ollama)).path("error").asText()).contains("must be JSON");
        backend.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void should_still_read_curl_d_and_serve_local_and_own_pages() throws Exception {
        String curl = RawHttp.post(port, "localhost:" + port, "/api/chat", "application/x-www-form-urlencoded",
                CHAT.replace("}]}", "}],\"stream\":false}"));
        String devServer = RawHttp.post(port, "127.0.0.1:" + port, "/v1/chat/completions", "application/json", CHAT,
                "Origin: http://localhost:5173");
        String ownPage = RawHttp.post(port, "gpu-box:" + port, "/v1/chat/completions", "application/json", CHAT,
                "Origin: http://gpu-box:" + port);
        String otherPortOfThatHost = RawHttp.post(port, "gpu-box:" + port, "/v1/chat/completions", "application/json", CHAT,
                "Origin: http://gpu-box:9999");

        assertThat(RawHttp.status(curl)).isEqualTo(200);
        assertThat(RawHttp.status(devServer)).isEqualTo(200);
        assertThat(RawHttp.status(ownPage)).isEqualTo(200);
        assertThat(RawHttp.status(otherPortOfThatHost)).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebind.evil.example", "rebind.evil.example:8080", "localhost.evil.example", "gpu-box.evil.example"})
    void should_refuse_a_foreign_host_name(String host) throws Exception {
        String reply = RawHttp.exchange(port, "GET /api/status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(reply)).isEqualTo(403);
        assertThat(RawHttp.body(reply)).contains("does not answer to the host name").doesNotContain("baseUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]", "10.1.2.3", "app.localhost", "GPU-BOX", "node7.lab.example"})
    void should_answer_to_local_names_ip_addresses_and_listed_hosts(String host) throws Exception {
        String reply = RawHttp.exchange(port, "GET /api/status HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(reply)).isEqualTo(200);
    }

    @Test
    void should_listen_on_this_machine_only_while_no_key_is_set() throws Exception {
        InetAddress network = networkAddress().orElse(null);
        assumeTrue(network != null, "this machine has no network address besides loopback");

        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(accepts(InetAddress.getLoopbackAddress(), wsPort)).isTrue();
        assertThat(accepts(network, port)).as("HTTP on " + network).isFalse();
        assertThat(accepts(network, wsPort)).as("WebSocket on " + network).isFalse();
    }

    @Test
    void should_refuse_a_cross_site_websocket_before_any_frame() {
        assertThatThrownBy(() -> new WsTestClient(wsPort, "", "Origin", "https://evil.example").close())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void should_accept_the_websocket_of_the_gateways_own_page() throws Exception {
        try (WsTestClient ws = new WsTestClient(wsPort, "", "Origin", "http://localhost:" + port)) {
            assertThat(ws.next("status").path("type").asText()).isEqualTo("status");
        }
    }

    @Test
    void should_refuse_the_preflight_of_another_site() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/chat/completions")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
