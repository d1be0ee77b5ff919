package dev.llmgateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GenerationOptions;

/**
 * The options as Gemini's {@code generationConfig}; renames only, except for the structured output
 * and the thinking level:
 * <pre>
 * "generationConfig":{"temperature":0.2,"topP":0.9,"topK":40,"maxOutputTokens":256,"stopSequences":["END"],
 *   "seed":7,"presencePenalty":0.5,"frequencyPenalty":0.5,
 *   "responseMimeType":"application/json","responseJsonSchema":{"type":"object",…},
 *   "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}
 * </pre>
 * The context length and keep-alive have no Gemini field and are dropped.
 */
final class GeminiGenerationConfig {

    private GeminiGenerationConfig() {
    }

    /** Puts {@code generationConfig} unless every option is at the backend default. */
    static void write(GenerationOptions options, ObjectNode body) {
        ObjectNode config = Json.object();
        Json.putIfSet(config, "temperature", options.temperature());
        Json.putIfSet(config, "topP", options.topP());
        Json.putIfSet(config, "topK", options.topK());
        Json.putIfSet(config, "maxOutputTokens", options.maxTokens());
        if (options.stop() != null && !options.stop().isEmpty()) {
            Json.putIfSet(config, "stopSequences", options.stop());
        }
        Long seed = options.seed();
        if (seed != null) {
            // Gemini's seed is an int32: an int where it fits, else the number as given for Gemini to refuse
            Json.putIfSet(config, "seed", seed == seed.intValue() ? (Object) seed.intValue() : seed);
        }
        Json.putIfSet(config, "presencePenalty", options.presencePenalty());
        Json.putIfSet(config, "frequencyPenalty", options.frequencyPenalty());
        responseFormat(options.responseFormat(), config);
        Json.putIfSet(config, "thinkingConfig", thinkingConfig(options.reasoning()));
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
    }

    /**
     * {@code json_object} → JSON mode; {@code json_schema} → JSON mode plus the schema as
     * {@code responseJsonSchema}, which takes plain JSON Schema ({@code responseSchema} is the
     * OpenAPI subset, see {@link GeminiTools}).
     */
    private static void responseFormat(JsonNode format, ObjectNode config) {
        String type = Json.text(format, "type");
        if ("json_object".equals(type)) {
            config.put("responseMimeType", "application/json");
        } else if ("json_schema".equals(type)) {
            config.put("responseMimeType", "application/json");
            Json.putIfSet(config, "responseJsonSchema", format.path("json_schema").get("schema"));
        }
    }

    /**
     * "on" asks for the thoughts at the model's own budget; a level sets a budget as well
     * (Gemini 2.5's {@code thinkingBudget}, in tokens); "off" sets the budget to 0, which the
     * Pro models refuse with a 400 because they cannot stop thinking.
     */
    static ObjectNode thinkingConfig(String reasoning) {
        if (reasoning == null) {
            return null;
        }
        return switch (reasoning) {
            case "on" -> Json.object().put("includeThoughts", true);
            case "low" -> budget(1024);
            case "medium" -> budget(4096);
            case "high" -> budget(16384);
            case "off" -> Json.object().put("thinkingBudget", 0);
            default -> null;
        };
    }

    private static ObjectNode budget(int tokens) {
        return Json.object().put("thinkingBudget", tokens).put("includeThoughts", true);
    }
}
