package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat playground ({@code routes/playground.yaml}, {@code src/main/resources/llm-gateway/playground/index.html})
 * in a real headless Chromium driven by Selenium ({@link HeadlessChromium}).
 *
 * <p>Test artefact: {@code target/playground.png}, a screenshot of the page after the streamed answer.
 */
class PlaygroundBrowserTest extends GatewayTestSupport {

    private static final Path SCREENSHOT = Path.of("target", "playground.png");

    private final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void should_serve_the_page_to_browsers_and_the_probe_answer_to_ollama_clients() throws Exception {
        HttpResponse<String> page = fetch("/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        HttpResponse<String> probe = fetch("/", null);
        HttpResponse<String> config = fetch("/playground/config.json", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>LLM Gateway Playground</title>");
        assertThat(fetch("/playground", null).body()).isEqualTo(page.body());
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(probe.body()).isEqualTo("Ollama is running");
        assertThat(config.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(config.body()).isEqualTo("{\"webSocketPort\": " + wsPort + ", \"webSocketPath\": \"/ws\"}");
    }

    @Test
    void should_stream_a_reply_with_thinking_and_meta_line_and_keep_the_conversation() throws Exception {
        stubModelLists();
        backend.stubFor(ollamaChat("llama3.2:latest", 3000, """
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:52Z","message":{"role":"assistant","content":"","thinking":"Rayleigh scattering, short wavelengths."},"done":false}
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"The"},"done":false}
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" sky"},"done":false}
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":" is"},"done":false}
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":" blue."},"done":false}
                {"model":"llama3.2:latest","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":4}
                """));
        WebDriver page = open("/");

        Select models = awaitModels(page);
        assertThat(models.getWrappedElement().findElements(By.tagName("optgroup")))
                .extracting(group -> group.getDomAttribute("label")).contains("ollama", "lmStudio");
        assertThat(optionsOf(page, "ollama")).containsExactlyInAnyOrder("llama3.2:latest", "qwen3:8b", "old-model:latest");
        assertThat(models.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("ollama/llama3.2:latest");
        assertThat(page.findElement(By.cssSelector("[data-testid=backend-list] [data-backend=ollama]")).getText())
                .contains("local").contains("reachable").contains("3 models");
        assertThat(page.findElement(By.cssSelector("[data-backend=offline]")).getDomAttribute("data-reachable")).isEqualTo("false");

        input(page).sendKeys("Why is the sky blue?", Keys.ENTER);

        // tokens show while the reply is still streaming, then the whole text
        waitUp(page, 10).withMessage("the first tokens while the reply streams").until(d -> script(d, "const r = document.querySelector('[data-testid=reply]');"
                + "return r.dataset.state === 'streaming' && r.textContent.includes('The') && !r.textContent.includes('blue');"));
        WebElement reply = awaitReply(page, 1, "done");
        assertThat(reply.findElement(By.cssSelector("[data-testid=reply-content]")).getText()).isEqualTo("The sky is blue.");
        WebElement thinking = reply.findElement(By.cssSelector("details[data-testid=reply-thinking]"));
        assertThat(thinking.getDomProperty("open")).isEqualTo("false");
        assertThat(thinking.getDomProperty("textContent")).contains("Rayleigh scattering");
        assertThat(meta(reply, "backend")).isEqualTo("ollama");
        assertThat(meta(reply, "model")).isEqualTo("llama3.2:latest");
        assertThat(meta(reply, "tokens")).isEqualTo("26 in · 4 out tokens");
        assertThat(meta(reply, "latency")).matches("\\d+ ms|\\d+\\.\\d s");
        assertThat(meta(reply, "finish")).isEqualTo("finish: stop");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, browser().getScreenshotAs(OutputType.BYTES));

        input(page).sendKeys("Thanks!", Keys.ENTER);
        awaitReply(page, 2, "done");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Why is the sky blue?")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("The sky is blue.")))
                .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("Thanks!"))));
    }

    @Test
    void should_render_tool_calls_and_model_text_as_text() throws Exception {
        stubModelLists();
        backend.stubFor(ollamaChat("qwen3:8b", 0, """
                {"model":"qwen3:8b","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"<img src=x onerror=\\"document.title='owned'\\"><b>Checking</b>"},"done":false}
                {"model":"qwen3:8b","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":false}
                {"model":"qwen3:8b","created_at":"2025-07-07T20:32:54Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":20}
                """));
        WebDriver page = open("/playground");

        awaitModels(page).selectByValue("ollama/qwen3:8b");
        input(page).sendKeys("Weather", Keys.chord(Keys.SHIFT, Keys.ENTER), "in Paris?");
        page.findElement(By.cssSelector("[data-testid=send-button]")).click();

        WebElement reply = awaitReply(page, 1, "done");
        WebElement call = reply.findElement(By.cssSelector("[data-testid=tool-call]"));
        assertThat(call.findElement(By.cssSelector("[data-testid=tool-name]")).getText()).isEqualTo("get_weather");
        assertThat(call.findElement(By.cssSelector("[data-testid=tool-arguments]")).getText()).contains("\"city\": \"Paris\"");
        WebElement content = reply.findElement(By.cssSelector("[data-testid=reply-content]"));
        assertThat(content.getText()).startsWith("<img src=x").endsWith("<b>Checking</b>");
        assertThat(content.findElements(By.xpath(".//*"))).as("markup from the model stays text").isEmpty();
        assertThat(page.getTitle()).isEqualTo("LLM Gateway Playground");
        assertThat(meta(reply, "model")).isEqualTo("qwen3:8b");
        backend.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen3:8b")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Weather\nin Paris?"))));
    }

    @Test
    void should_stop_a_streaming_reply_and_accept_the_next_message() throws Exception {
        stubModelLists();
        backend.stubFor(ollamaChat("llama3.2:latest", 20_000, tokens("llama3.2:latest", "on ".repeat(10).split("(?<= )"))));
        WebDriver page = open("/");
        awaitModels(page);
        WebElement stop = page.findElement(By.cssSelector("[data-testid=stop-button]"));
        WebElement send = page.findElement(By.cssSelector("[data-testid=send-button]"));
        assertThat(stop.isEnabled()).isFalse();

        input(page).sendKeys("Go on and on", Keys.ENTER);
        waitUp(page, 10).withMessage("the first tokens").until(d -> !d.findElement(By.cssSelector("[data-testid=reply-content]")).getText().isEmpty());
        assertThat(send.isEnabled()).isFalse();
        stop.click();

        WebElement reply = awaitReply(page, 1, "stopped", 5);
        assertThat(reply.getDomAttribute("data-finish")).isEqualTo("cancelled");
        assertThat(meta(reply, "stopped")).isEqualTo("Stopped");
        assertThat(meta(reply, "finish")).isEqualTo("finish: cancelled");
        assertThat(stop.isEnabled()).isFalse();
        assertThat(send.isEnabled()).isTrue();

        backend.stubFor(ollamaChat("llama3.2:latest", 0, tokens("llama3.2:latest", "Back", " again.")));  // newest stub wins
        input(page).sendKeys("Once more", Keys.ENTER);
        WebElement next = awaitReply(page, 2, "done");
        assertThat(next.findElement(By.cssSelector("[data-testid=reply-content]")).getText()).isEqualTo("Back again.");
    }

    @Test
    void should_show_errors_plainly() throws Exception {
        stubModelLists();
        backend.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.model", equalTo("old-model:latest")))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"model \\\"old-model:latest\\\" not found, try pulling it first\"}")));
        WebDriver page = open("/");

        awaitModels(page).selectByValue("ollama/old-model:latest");
        input(page).sendKeys("Hello?", Keys.ENTER);

        WebElement reply = awaitReply(page, 1, "error");
        assertThat(reply.findElement(By.cssSelector("[data-testid=reply-error]")).getText())
                .contains("404").contains("model \"old-model:latest\" not found, try pulling it first");
        assertThat(page.findElement(By.cssSelector("[data-testid=send-button]")).isEnabled()).isTrue();

        page.get(gateway("/playground?ws=ws://127.0.0.1:1/ws"));      // nothing listens there
        waitUp(page, 10).withMessage("a notice that the socket cannot connect").until(d -> d.findElements(By.cssSelector("[data-testid=notice]")).stream()
                .anyMatch(n -> n.getText().contains("Cannot connect to the gateway at ws://127.0.0.1:1/ws")));
        assertThat(page.findElement(By.cssSelector("[data-testid=connection]")).getText()).contains("retrying");
        assertThat(page.findElement(By.cssSelector("[data-testid=send-button]")).isEnabled()).isFalse();
    }

    @Test
    void should_follow_discovery_live_and_keep_the_chosen_model() throws Exception {
        stubModelLists();
        WebDriver page = open("/");
        awaitModels(page).selectByValue("ollama/qwen3:8b");

        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"qwen3:8b\",\"model\":\"qwen3:8b\"},{\"name\":\"mistral:7b\",\"model\":\"mistral:7b\"}]}")));
        discoverModels();
        waitUp(page, 10).withMessage("mistral:7b in the picker").until(d -> optionsOf(d, "ollama").contains("mistral:7b"));
        assertThat(optionsOf(page, "ollama")).containsExactlyInAnyOrder("qwen3:8b", "mistral:7b");
        assertThat(selectedModel(page)).isEqualTo("ollama/qwen3:8b");

        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"out of memory\"}")));
        discoverModels();
        waitUp(page, 10).withMessage("ollama shown unreachable")
                .until(d -> "false".equals(d.findElement(By.cssSelector("[data-backend=ollama]")).getDomAttribute("data-reachable")));
        assertThat(page.findElement(By.cssSelector("[data-backend=ollama]")).getText()).contains("out of memory");
        assertThat(optionsOf(page, "ollama")).isEmpty();
        assertThat(selectedModel(page)).startsWith("lmStudio/");
    }

    @AfterEach
    void leaveThePageAndForgetTheStubs() throws IOException {
        if (chromium.started()) {
            browser().get("about:blank");      // closes the socket: the gateway cancels what still streams
        }
        backend.resetAll();
    }

    @AfterAll
    void quitBrowser() throws IOException {
        chromium.close();
    }

    /** Opens a page of the gateway after discovery found the stubbed models. */
    private WebDriver open(String path) throws IOException {
        discoverModels();
        WebDriver page = browser();
        page.get(gateway(path));
        return page;
    }

    private ChromeDriver browser() throws IOException {
        return chromium.get();
    }

    private static void stubModelLists() {
        backend.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44Z"},
                                   {"name":"qwen3:8b","model":"qwen3:8b","modified_at":"2025-05-04T17:37:44Z"},
                                   {"name":"old-model:latest","model":"old-model:latest","modified_at":"2024-01-04T17:37:44Z"}]}""")));
        backend.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-8b\",\"object\":\"model\",\"owned_by\":\"me\"}]}")));
    }

    /** Ollama's /api/chat for one model, its NDJSON lines dribbled over {@code millis}. */
    private static MappingBuilder ollamaChat(String model, int millis, String ndjson) {
        var response = aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(ndjson);
        return post(urlEqualTo("/api/chat")).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(millis > 0 ? response.withChunkedDribbleDelay(Math.max(1, ndjson.length() / 40), millis) : response);
    }

    private static String tokens(String model, String... tokens) {
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append("{\"model\":\"").append(model).append("\",\"created_at\":\"2025-07-07T20:32:53Z\",")
                    .append("\"message\":{\"role\":\"assistant\",\"content\":\"").append(token).append("\"},\"done\":false}\n");
        }
        return body.append("{\"model\":\"").append(model).append("\",\"created_at\":\"2025-07-07T20:32:54Z\",")
                .append("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",")
                .append("\"prompt_eval_count\":7,\"eval_count\":").append(tokens.length).append("}\n").toString();
    }

    private HttpResponse<String> fetch(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway(path))).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The model picker once the gateway's status frame filled it (and showed ollama reachable). */
    private static Select awaitModels(WebDriver page) {
        waitUp(page, 10).withMessage("the stubbed models in the picker, ollama reachable, Send enabled")
                .until(d -> !d.findElements(By.cssSelector("[data-backend=ollama][data-reachable=true]")).isEmpty()
                && !optionsOf(d, "ollama").isEmpty()
                && d.findElement(By.cssSelector("[data-testid=send-button]")).isEnabled());
        return new Select(page.findElement(By.cssSelector("[data-testid=model-select]")));
    }

    private static List<String> optionsOf(WebDriver page, String backend) {
        return page.findElements(By.cssSelector("[data-testid=model-select] optgroup[label='" + backend + "'] option"))
                .stream().map(WebElement::getText).toList();
    }

    private static String selectedModel(WebDriver page) {
        return new Select(page.findElement(By.cssSelector("[data-testid=model-select]"))).getFirstSelectedOption().getDomAttribute("value");
    }

    private static WebElement input(WebDriver page) {
        return page.findElement(By.cssSelector("[data-testid=message-input]"));
    }

    private static WebElement awaitReply(WebDriver page, int number, String state) {
        return awaitReply(page, number, state, 10);
    }

    /** The {@code number}th reply once it reached {@code state}: done, stopped or error. */
    private static WebElement awaitReply(WebDriver page, int number, String state, int seconds) {
        Function<WebDriver, WebElement> reached = d -> {
            List<WebElement> replies = d.findElements(By.cssSelector("[data-testid=reply]"));
            return replies.size() >= number && state.equals(replies.get(number - 1).getDomAttribute("data-state"))
                    ? replies.get(number - 1) : null;
        };
        return waitUp(page, seconds).withMessage("reply " + number + " to be " + state).until(reached);
    }

    private static String meta(WebElement reply, String field) {
        return reply.findElement(By.cssSelector("[data-testid=reply-meta] [data-field=" + field + "]")).getText();
    }

    private static Object script(WebDriver page, String js) {
        return ((JavascriptExecutor) page).executeScript(js);
    }

    private static WebDriverWait waitUp(WebDriver page, int seconds) {
        return new WebDriverWait(page, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }
}
