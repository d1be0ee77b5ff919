package dev.llmgateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * The admin API's keys (routes/admin.yaml), for an admin key only:
 * <pre>
 * POST   /admin/keys       {"name":"alice","models":["ollama/*"],"limits":{"requestsPerMinute":3}}
 *                          → 201 {"id":"key_…","key":"sk-gw-…","hint":"sk-gw-…a1B2","name":"alice",…}
 * GET    /admin/keys       → {"keys":[…]}          (never a secret)
 * GET    /admin/keys/{id}
 * PATCH  /admin/keys/{id}  {"limits":{"requestsPerMinute":10},"expiresAt":null}   (the fields sent replace theirs)
 * DELETE /admin/keys/{id}  → the key, revoked
 * </pre>
 */
public class KeyAdminApi {

    private static final Set<String> FIELDS = Set.of("name", "models", "backends", "sensitivity", "limits", "budget", "expiresAt");
    private static final Set<String> POLICY = Set.of("models", "backends", "sensitivity", "limits", "budget");

    private final VirtualKeys keys;

    public KeyAdminApi(VirtualKeys keys) {
        this.keys = keys;
    }

    /** {@code /admin/keys}: GET lists, POST makes one. */
    public void keys(Exchange exchange) {
        if ("POST".equals(method(exchange))) {
            JsonNode body = body(exchange);
            String name = Json.string(body, "name");
            if (name == null || name.isBlank() || name.length() > 200) {
                throw GatewayException.badRequest("'name' is required: who or what uses the key (at most 200 characters)");
            }
            VirtualKeys.Created created = keys.create(name.trim(), policy(KeyPolicy.NONE, body), expiresAt(body, null));
            JsonReply.send(exchange, 201, "application/json", view(created.key()).put("key", created.secret()));
            return;
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        keys.list().forEach(key -> list.add(view(key)));
        ObjectNode reply = Json.object();
        reply.set("keys", list);
        JsonReply.send(exchange, 200, "application/json", reply);
    }

    /** {@code /admin/keys/{id}}: GET, PATCH, DELETE. */
    public void key(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        VirtualKey key = switch (method(exchange)) {
            case "PATCH" -> {
                JsonNode body = body(exchange);
                yield keys.update(id, current -> new VirtualKey(current.id(),
                        body.has("name") ? requireName(body) : current.name(), current.secretHash(), current.hint(),
                        policy(current.policy(), body), current.createdAt(), expiresAt(body, current.expiresAt()),
                        current.revokedAt()));
            }
            case "DELETE" -> keys.revoke(id);
            default -> keys.get(id).orElseThrow(() -> VirtualKeys.notFound(id));
        };
        JsonReply.send(exchange, 200, "application/json", view(key));
    }

    /** A key as listings show it: everything but the secret. */
    static ObjectNode view(VirtualKey key) {
        ObjectNode view = Json.object().put("id", key.id()).put("name", key.name()).put("hint", key.hint());
        view.setAll((ObjectNode) Json.MAPPER.valueToTree(key.policy()));
        view.put("createdAt", key.createdAt().toString());
        Json.putIfSet(view, "expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString());
        Json.putIfSet(view, "revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        view.put("active", key.usableAt(Instant.now()));
        return view;
    }

    /** The policy with the fields the body sends in place of the current ones ({@code null}: no limit). */
    private static KeyPolicy policy(KeyPolicy current, JsonNode body) {
        ObjectNode merged = Json.MAPPER.valueToTree(current);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw GatewayException.badRequest("unknown field '" + field + "'; a key has " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
            if (POLICY.contains(field)) {
                merged.set(field, body.get(field));
            }
        }
        try {
            return Json.MAPPER.treeToValue(merged, KeyPolicy.class).checked();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw GatewayException.badRequest("the key's policy is not valid: " + why.replaceAll("\\(class [^)]*\\)", "").trim());
        }
    }

    private static Instant expiresAt(JsonNode body, Instant current) {
        if (!body.has("expiresAt")) {
            return current;
        }
        String text = Json.string(body, "expiresAt");
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest("expiresAt must be an instant such as 2027-01-01T00:00:00Z, not '" + text + "'");
        }
    }

    private static String requireName(JsonNode body) {
        String name = Json.string(body, "name");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw GatewayException.badRequest("'name' must be 1 to 200 characters");
        }
        return name.trim();
    }

    private static JsonNode body(Exchange exchange) {
        return Json.requireObject(exchange.getMessage().getBody(byte[].class), "the request body");
    }

    private static String method(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }
}
