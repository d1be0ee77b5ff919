package dev.llmgateway.modeltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendRegistry;
import dev.llmgateway.backend.PrivacyRules;
import dev.llmgateway.security.LogSafe;
import dev.llmgateway.discovery.ModelRegistry;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model test runner behind {@code routes/model-tests.yaml}: {@code POST /api/model-tests}
 * puts every discovered model of every reachable backend (or the ones named in
 * {@code {"models":["ollama/llama3.2:latest"]}}) through the test sequence, one after another,
 * logs and broadcasts ({@code {"type":"modelTest",…}} over WebSocket) each step as it ends, and
 * writes the report to {@code gateway.modelTests.dir} as {@code <date>.md} and {@code .json}.
 */
public class ModelTests implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTests.class);

    private final BackendRegistry backends;
    private final ModelRegistry models;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "llm-model-tests");
        thread.setDaemon(true);
        return thread;
    });
    private CamelContext camelContext;
    private volatile ModelTestReport latest;

    public ModelTests(BackendRegistry backends, ModelRegistry models) {
        this.backends = backends;
        this.models = models;
    }

    /** Starts a run; with {@code wait=true} answers the Markdown table when it is done. */
    public void start(String body, Exchange exchange) throws Exception {
        // X-Data-Sensitivity: private keeps the tests' prompts off third-party backends, as for a chat
        boolean isPrivate = PrivacyRules.isMarkedPrivate(exchange.getMessage().getHeader(PrivacyRules.HEADER));
        List<ModelInfo> targets = targets(body);
        if (targets.isEmpty()) {
            throw GatewayException.badRequest("no model to test: no backend is reachable, or none of the named models exists");
        }
        TestSequence sequence = TestSequence.load(property("gateway.modelTests.sequence", "model-tests/sequence.json"), camelContext);
        String job = Ids.random("mt_");
        LOG.info("Model test {}: {} model(s), sequence '{}' v{}", job, targets.size(), sequence.name(), sequence.version());
        if (exchange.getMessage().getHeader("wait", false, Boolean.class)) {
            ModelTestReport report = run(job, sequence, targets, isPrivate);
            reply(exchange, 200, "text/markdown; charset=utf-8", report.markdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        worker.submit(() -> run(job, sequence, targets, isPrivate));
        ObjectNode accepted = Json.object().put("job", job).put("status", "running").put("models", targets.size())
                .put("latest", "/api/model-tests/latest");
        reply(exchange, 202, "application/json", Json.bytes(accepted));
    }

    /** {@code GET /api/model-tests/latest}: the last finished run as JSON, with its Markdown. */
    public void latest(Exchange exchange) {
        ModelTestReport report = latest;
        if (report == null) {
            throw new GatewayException(404, "not_found", "not_found", "no model test has finished yet: POST /api/model-tests");
        }
        reply(exchange, 200, "application/json", Json.bytes(report.json().put("markdown", report.markdown())));
    }

    private ModelTestReport run(String job, TestSequence sequence, List<ModelInfo> targets, boolean isPrivate) {
        Instant started = Instant.now();
        List<ModelResult> results = new ArrayList<>();
        try (ProducerTemplate producer = camelContext.createProducerTemplate()) {
            ModelTestRunner runner = new ModelTestRunner(producer, sequence, isPrivate);
            for (ModelInfo target : targets) {
                Backend backend = backends.find(target.backend()).orElseThrow();
                results.add(runner.run(backend, target.id(), step -> progress(producer, job, target, step)));
            }
        } catch (IOException e) {
            LOG.warn("Model test {}: {}", job, e.getMessage());
        }
        ModelTestReport report = new ModelTestReport(job, started, Instant.now(), sequence, results);
        latest = report;
        save(report);
        return report;
    }

    private void progress(ProducerTemplate producer, String job, ModelInfo target, ModelResult.StepResult step) {
        LOG.info("Model test {}: {}/{} {} {}{}", job, target.backend(), LogSafe.text(target.id()), step.step(),
                step.passed() ? "pass" : "FAIL", step.passed() ? "" : ": " + LogSafe.text(step.reason()));
        ObjectNode frame = Json.object().put("type", "modelTest").put("job", job).put("backend", target.backend())
                .put("model", target.id()).put("step", step.step()).put("passed", step.passed()).put("millis", step.millis());
        Json.putIfSet(frame, "reason", step.reason());
        producer.sendBody("direct:llm-ws-publish?failIfNoConsumers=false", Json.write(frame));
    }

    private void save(ModelTestReport report) {
        Path dir = Path.of(property("gateway.modelTests.dir", "model-tests/results"));
        String name = report.started().toString().replace(':', '-');
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), report.markdown());
            Files.writeString(dir.resolve(name + ".json"), Json.write(report.json()));
            LOG.info("Model test {} done: {}", report.job(), dir.resolve(name + ".md"));
        } catch (IOException e) {
            LOG.warn("Model test {}: cannot write the report to {}: {}", report.job(), dir, e.getMessage());
        }
    }

    /** The named models ({@code backend/model}, or a bare name on the default backend), else all discovered. */
    private List<ModelInfo> targets(String body) {
        JsonNode named = body == null || body.isBlank() ? null : Json.requireObject(body, "the request body").get("models");
        List<ModelInfo> discovered = models.models();
        if (named == null || named.isNull()) {
            return discovered;
        }
        if (!named.isArray()) {
            throw GatewayException.badRequest("'models' must be an array of model names, not " + named);
        }
        List<String> names = Json.readEach(named, "models", name -> {
            if (!name.isTextual() || name.asText().isBlank()) {
                throw GatewayException.badRequest("a model name must be a non-empty string");
            }
            return name.asText();
        });
        if (names.isEmpty()) {
            return discovered;
        }
        List<ModelInfo> targets = new ArrayList<>();
        for (String text : names) {
            int slash = text.indexOf('/');
            Backend backend = slash > 0 ? backends.find(text.substring(0, slash)).orElse(null) : null;
            targets.add(backend != null ? new ModelInfo(backend.name(), text.substring(slash + 1), 0)
                    : new ModelInfo(backends.defaultBackendName(), text, 0));
        }
        return targets;
    }

    private String property(String key, String fallback) {
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }

    private static void reply(Exchange exchange, int status, String type, byte[] body) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setBody(body);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
