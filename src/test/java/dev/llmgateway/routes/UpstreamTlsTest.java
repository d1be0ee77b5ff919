package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A backend behind HTTPS is called over TLS with the JVM's trusted certificates and its host name
 * checked: one that shows a certificate nobody vouches for (WireMock's self-signed one) gets no
 * request, and the client a 502 that says so; never a silent trust-all.
 */
class UpstreamTlsTest extends GatewayTestSupport {

    private static final WireMockServer tls = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort());

    static {
        tls.start();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.backends.selfsigned.baseUrl", "https://localhost:" + tls.httpsPort() + "/v1");
        properties.put("agents.backends.selfsigned.type", "openai");
        return properties;
    }

    @Test
    void should_refuse_a_backend_whose_certificate_is_not_trusted() throws Exception {
        tls.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));

        try (LogCapture log = LogCapture.attach()) {
            HttpResponse<String> reply = postJson("/v1/chat/completions",
                    "{\"model\":\"selfsigned/m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

            assertThat(reply.statusCode()).isEqualTo(502);
            JsonNode error = Json.parse(reply.body()).path("error");
            assertThat(error.path("message").asText()).contains("selfsigned").containsIgnoringCase("certificat");
            tls.verify(0, anyRequestedFor(anyUrl()));
            assertThat(log.all()).doesNotContain("Backend selfsigned failed, attempt 2");     // it stays untrusted
        }
    }
}
