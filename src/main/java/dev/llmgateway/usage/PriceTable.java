package dev.llmgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.PrivacyRules;
import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Settings;
import dev.llmgateway.json.Json;
import dev.llmgateway.security.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request cost, from the price table {@code gateway.prices} (a Camel resource; the jar's
 * {@code llm-gateway/prices.json} by default), in USD per million tokens:
 * <pre>
 * {"models":{"gpt-4o-mini":{"input":0.15,"output":0.60},"ollama/*":{"input":0.01,"output":0.01}}}
 * </pre>
 * A model matches the longest entry it starts with, so dated ids take their family's price. A local
 * or self-hosted backend costs nothing unless an entry names it ({@code <backend>/<model>},
 * {@code <backend>/*}): the operator's own price of a GPU hour, spread over tokens.
 */
public class PriceTable extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(PriceTable.class);

    private volatile Map<String, double[]> prices;
    private final Set<String> unpriced = ConcurrentHashMap.newKeySet();

    /** Reads the table at start: a missing file or a wrong entry stops the start, naming it. */
    public void init() throws IOException {
        String location = Settings.optional(getCamelContext(), "gateway.prices").orElse("classpath:llm-gateway/prices.json");
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(getCamelContext(), location)) {
            prices = read(Json.parse(in.readAllBytes()), location);
        }
    }

    static Map<String, double[]> read(JsonNode table, String location) {
        Map<String, double[]> read = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = table.path("models").fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode input = entry.getValue().get("input");
            JsonNode output = entry.getValue().get("output");
            if (input == null || !input.isNumber() || output == null || !output.isNumber()) {
                throw new IllegalArgumentException("the price of '" + entry.getKey() + "' in " + location
                        + " needs numbers 'input' and 'output' (USD per million tokens)");
            }
            read.put(entry.getKey(), new double[] {input.asDouble(), output.asDouble()});
        }
        return Map.copyOf(read);
    }

    /** USD for these tokens of that model on that backend. */
    public double cost(Backend backend, String model, long tokensIn, long tokensOut) {
        double[] price = price(backend, model);
        return price == null ? 0 : (tokensIn * price[0] + tokensOut * price[1]) / 1_000_000;
    }

    private double[] price(Backend backend, String model) {
        Map<String, double[]> table = prices;
        if (table == null || backend == null || model == null) {
            return null;
        }
        double[] own = longestPrefix(table, backend.name() + "/" + model);
        if (own != null) {
            return own;
        }
        double[] any = table.get(backend.name() + "/*");
        if (any != null || PrivacyRules.allows(backend)) {
            return any;                        // local and self-hosted: only the operator's own price
        }
        double[] listed = longestPrefix(table, model);
        if (listed == null && unpriced.size() < 1000 && unpriced.add(backend.name() + "/" + model)) {   // once a model
            LOG.warn("No price for {}/{} in the price table (gateway.prices): its requests cost 0 in the ledger and in "
                    + "budgets in USD", backend.name(), LogSafe.text(model));
        }
        return listed;
    }

    private static double[] longestPrefix(Map<String, double[]> table, String id) {
        String best = null;
        for (String entry : table.keySet()) {
            if (id.startsWith(entry) && !entry.endsWith("*") && (best == null || entry.length() > best.length())) {
                best = entry;
            }
        }
        return best == null ? null : table.get(best);
    }
}
