package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** CORS for the listed origins only (it is off by default: see the other gateway tests, which send no Origin rules). */
class CorsTest extends GatewayTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.cors.allowedOrigins", "https://app.example.com");
        properties.put("gateway.auth.keys", "k-cors-0123456789");
        return properties;
    }

    @Test
    void should_answer_the_preflight_of_a_listed_origin_without_a_key() throws Exception {
        HttpResponse<String> preflight = preflight("https://app.example.com");

        assertThat(preflight.statusCode()).isIn(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers.toLowerCase()).contains("authorization").contains("content-type"));
    }

    @Test
    void should_refuse_other_origins_and_let_listed_ones_read_a_401() throws Exception {
        HttpResponse<String> other = preflight("https://evil.example.net");
        HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/models")))
                .header("Origin", "https://app.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(unauthorized.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                headers -> assertThat(headers).contains("X-Request-Id"));
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway("/v1/chat/completions")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
