package dev.llmgateway.modeltest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's results as a Markdown table per service category (for people) and as JSON (for
 * machines):
 * <pre>
 * ## local
 * | Backend | Model | greeting | follow-up | tool-call | tool-result | streamed-greeting | TTFT | Total | tok/s |
 * |---|---|---|---|---|---|---|---|---|---|
 * | ollama | llama3.2:latest | pass | pass | FAIL: no tool call (answered: …) | FAIL: no tool call to answer … | pass | 210 ms | 3.4 s | 41.2 |
 * </pre>
 */
public record ModelTestReport(String job, Instant started, Instant finished, TestSequence sequence, List<ModelResult> results) {

    public String markdown() {
        StringBuilder md = new StringBuilder("# Model tests ").append(started).append("\n\n")
                .append("Sequence: ").append(sequence.name()).append(" (version ").append(sequence.version()).append("), ")
                .append(results.size()).append(" model(s), ")
                .append(results.stream().filter(ModelResult::passed).count()).append(" passed every step.\n");
        Map<String, List<ModelResult>> byCategory = new TreeMap<>(results.stream()
                .collect(Collectors.groupingBy(ModelResult::category)));
        for (Map.Entry<String, List<ModelResult>> category : byCategory.entrySet()) {
            md.append("\n## ").append(category.getKey()).append("\n\n| Backend | Model |");
            sequence.steps().forEach(step -> md.append(' ').append(step.id()).append(" |"));
            md.append(" TTFT | Total | tok/s |\n|---|---|");
            sequence.steps().forEach(step -> md.append("---|"));
            md.append("---|---|---|\n");
            for (ModelResult result : category.getValue()) {
                md.append("| ").append(cell(result.backend())).append(" | ").append(cell(result.model())).append(" |");
                result.steps().forEach(step -> md.append(' ').append(step.passed() ? "pass" : "FAIL: " + cell(step.reason())).append(" |"));
                md.append(' ').append(result.ttftMillis() == null ? "–" : result.ttftMillis() + " ms")
                        .append(" | ").append(String.format("%.1f s", result.totalMillis() / 1000.0))
                        .append(" | ").append(result.tokensPerSecond() == null ? "–" : result.tokensPerSecond()).append(" |\n");
            }
        }
        return md.toString();
    }

    public ObjectNode json() {
        ObjectNode json = Json.object().put("job", job).put("started", started.toString())
                .put("finished", finished == null ? null : finished.toString())
                .put("sequence", sequence.name()).put("sequenceVersion", sequence.version());
        ArrayNode list = json.putArray("results");
        for (ModelResult result : results) {
            ObjectNode node = list.addObject().put("backend", result.backend()).put("category", result.category())
                    .put("model", result.model()).put("passed", result.passed()).put("totalMillis", result.totalMillis());
            Json.putIfSet(node, "ttftMillis", result.ttftMillis());
            Json.putIfSet(node, "tokensPerSecond", result.tokensPerSecond());
            ArrayNode steps = node.putArray("steps");
            result.steps().forEach(step -> {
                ObjectNode s = steps.addObject().put("step", step.step()).put("passed", step.passed()).put("millis", step.millis());
                Json.putIfSet(s, "reason", step.reason());
            });
        }
        return json;
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
