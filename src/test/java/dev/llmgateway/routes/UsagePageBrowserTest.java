package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The usage page ({@code routes/usage-page.yaml}) in a real headless Chromium: it draws the ledger's
 * requests, tokens, cost and latency with the uPlot the gateway serves, fetches nothing from
 * elsewhere, and shows the totals per key. Test artefact: {@code target/usage.png}.
 */
class UsagePageBrowserTest extends GatewayTestSupport {

    private static final String ADMIN = "k-admin-0123456789";
    private final HeadlessChromium chromium = new HeadlessChromium();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.adminKeys", ADMIN);
        return properties;
    }

    @Test
    void should_chart_the_ledger_with_the_gateways_own_chart_library() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":4,\"eval_count\":2}")));
        for (String name : List.of("alice", "bob")) {
            String key = Json.parse(send("/admin/keys", "{\"name\":\"" + name + "\"}").body()).path("key").asText();
            for (int i = 0; i < (name.equals("alice") ? 3 : 1); i++) {
                assertThat(postJson("/api/chat", "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}]}", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
            }
        }

        ChromeDriver page = chromium.get();
        page.get(gateway("/usage?token=" + ADMIN));
        new WebDriverWait(page, Duration.ofSeconds(15)).withMessage("four charts and the totals drawn")
                .until(d -> d.findElements(By.cssSelector(".uplot")).size() == 4
                        && d.findElement(By.id("totals")).getText().contains("alice"));

        @SuppressWarnings("unchecked")
        Map<String, Object> requests = (Map<String, Object>) page.executeScript("""
                const chart = window.usageCharts.requests;
                return { series: chart.series.slice(1).map(s => s.label), values: chart.data.slice(1).map(s => s[s.length - 1]) };""");
        assertThat(requests.get("series")).isEqualTo(List.of("alice", "bob"));
        assertThat(requests.get("values")).isEqualTo(List.of(3L, 1L));               // today, the range's last day
        assertThat(page.findElement(By.id("totals")).getText()).contains("alice ollama llama3.2 3 12 6");
        assertThat(page.findElement(By.id("status")).getText()).contains("4 requests");
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) page.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
        assertThat(fetched).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(gateway("/")));
        assertThat(fetched).anySatisfy(url -> assertThat(url).endsWith("/usage/uPlot.iife.min.js"));
        Files.write(Path.of("target", "usage.png"), page.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void should_say_so_when_the_key_is_not_an_admin_key() throws Exception {
        ChromeDriver page = chromium.get();
        page.get(gateway("/usage?token=not-a-key"));
        new WebDriverWait(page, Duration.ofSeconds(10)).withMessage("the refusal shown")
                .until(d -> d.findElement(By.id("status")).getText().contains("admin key"));
    }

    @AfterAll
    void quitBrowser() throws Exception {
        chromium.close();
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway(path))).header("Authorization", "Bearer " + ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
