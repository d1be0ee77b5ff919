package dev.llmgateway.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The function-tool shape that OpenAI, Ollama and every OpenAI-compatible server share:
 * <pre>
 * {"type":"function","function":{"name":"get_weather","description":"…","parameters":{"type":"object",…}}}
 * </pre>
 */
public final class FunctionTools {

    private FunctionTools() {
    }

    public static List<ToolDefinition> read(JsonNode tools) {
        List<ToolDefinition> result = new ArrayList<>();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                JsonNode function = tool.path("function");
                String name = Json.string(function, "name");
                if (name == null) {
                    throw GatewayException.badRequest("every tool needs function.name");
                }
                result.add(new ToolDefinition(name, Json.string(function, "description"), function.get("parameters")));
            }
        }
        return result;
    }

    public static ArrayNode write(List<ToolDefinition> tools) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ToolDefinition tool : tools) {
            ObjectNode function = array.addObject().put("type", "function").putObject("function");
            function.put("name", tool.name());
            Json.putIfSet(function, "description", tool.description());
            Json.putIfSet(function, "parameters", tool.parameters());
        }
        return array;
    }
}
