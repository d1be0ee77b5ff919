package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regressions of issue 16: a request with both Transfer-Encoding and Content-Length ran the request
 * smuggled inside it, and one client could open connections without bound.
 */
class ConnectionLimitsTest extends GatewayTestSupport {

    private static final String SMUGGLED = "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 81\r\n\r\n{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.http.maxConnectionsPerClient", "3");
        return properties;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 5\r\nTransfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nContent-Length: 5",
            "Transfer-Encoding: gzip, chunked\r\nContent-Length: 5"})
    void should_refuse_ambiguous_framing_and_close_without_running_what_it_hides(String framing) throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"smuggled\"},\"done\":true}")));

        String answer = RawHttp.exchange(port, "POST /api/version HTTP/1.1\r\nHost: localhost\r\n" + framing + "\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED);

        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("smuggled").doesNotContain("HTTP/1.1 200");
        backend.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void should_still_read_a_plain_chunked_body() throws Exception {
        String body = "{\"model\":\"x\"}";
        String answer = RawHttp.exchange(port, "POST /api/show HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                + "\r\n0\r\n\r\n");

        assertThat(answer).doesNotStartWith("HTTP/1.1 400");
    }

    @Test
    void should_refuse_a_client_its_connections_beyond_the_limit() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                held.add(socket);
                // answered once and kept open: its event loop (there is one per core) has counted it
                socket.getOutputStream().write("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).isEqualTo('H');
            }
            String fourth = RawHttp.exchange(port, "GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(RawHttp.status(fourth)).isEqualTo(503);
            assertThat(RawHttp.body(fourth)).contains("too_many_connections").contains("gateway.http.maxConnectionsPerClient");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Thread.sleep(200);                                     // the server sees the closes
        assertThat(RawHttp.status(RawHttp.exchange(port, "GET /api/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")))
                .isEqualTo(200);
    }
}
