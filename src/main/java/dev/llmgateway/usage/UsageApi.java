package dev.llmgateway.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/usage?groupBy=key,backend,model,day&from=2026-12-01&to=2026-12-31} (routes/admin.yaml):
 * requests, tokens and cost from the ledger, grouped by any of key, backend, model, day and ingress
 * (none: one total), over UTC days from {@code from} to {@code to} (both included; this month by default):
 * <pre>
 * {"from":"2026-12-01","to":"2026-12-02","rows":[{"key":"alice","backend":"ollama","model":"llama3.2","day":"2026-12-02",
 *   "requests":3,"tokensIn":27,"tokensOut":12,"cost":0.0,"latencyMsAvg":412}]}
 * </pre>
 */
public class UsageApi {

    private static final Logger LOG = LoggerFactory.getLogger(UsageApi.class);

    private final UsageLedger ledger;

    public UsageApi(UsageLedger ledger) {
        this.ledger = ledger;
    }

    public void usage(Exchange exchange) {
        String groupBy = exchange.getMessage().getHeader("groupBy", "", String.class);
        List<String> groups = new ArrayList<>();
        for (String group : groupBy.split(",")) {
            String name = group.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!LedgerTable.GROUPS.containsKey(name)) {
                throw GatewayException.badRequest("groupBy takes key, backend, model, day and ingress, not '" + name + "'");
            }
            if (!groups.contains(name)) {
                groups.add(name);
            }
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = day(exchange, "from", today.withDayOfMonth(1));
        LocalDate to = day(exchange, "to", today);
        if (!ledger.enabled()) {
            throw new GatewayException(503, "store_unavailable", "store_unavailable",
                    "the gateway keeps no ledger: set gateway.auth.adminKeys or gateway.store.url");
        }
        ObjectNode reply = Json.object().put("from", from.toString()).put("to", to.toString());
        try {
            reply.set("rows", Json.MAPPER.valueToTree(ledger.grouped(groups, from, to)));
        } catch (SQLException e) {
            LOG.warn("Could not read the usage ledger: {}", e.toString());
            throw new GatewayException(503, "store_unavailable", "store_unavailable", "the gateway's store is unavailable");
        }
        JsonReply.send(exchange, 200, "application/json", reply);
    }

    /** A day as 2026-12-02, or the day of an instant such as 2026-12-02T10:00:00Z. */
    private static LocalDate day(Exchange exchange, String parameter, LocalDate otherwise) {
        String text = exchange.getMessage().getHeader(parameter, String.class);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return text.length() > 10 ? LocalDate.ofInstant(java.time.Instant.parse(text), ZoneOffset.UTC) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest("'" + parameter + "' must be a day such as 2026-12-01, not '" + text + "'");
        }
    }
}
