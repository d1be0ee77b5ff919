package dev.llmgateway.security;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.keys.VirtualKeys;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.vertx.GatewayHttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own API keys, {@code gateway.auth.keys} (comma-separated; or the environment
 * variable {@code GATEWAY_AUTH_KEYS}), and the admin keys, {@code gateway.auth.adminKeys}
 * ({@code GATEWAY_AUTH_ADMINKEYS}), which may also change the backends' models (Ollama's pull,
 * create, copy, delete) and use the admin API ({@code /admin/keys}, {@code /admin/usage}); and the
 * keys that API made ({@link VirtualKeys}, each with its policy). None of them: no key is asked for.
 * Static keys are kept only as SHA-256 digests and compared with {@link MessageDigest#isEqual},
 * against every key, so the time an answer takes says nothing about how much of a guess was right;
 * the admin API's keys are found by the digest of the presented secret.
 */
public class GatewayKeys extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayKeys.class);

    private static final String LOGGED = "llmGatewayKeysLogged";

    /** Whoever calls while the gateway asks for no key. */
    public static final VirtualKey OPEN = VirtualKey.staticKey("open");

    private volatile VirtualKeys virtualKeys;
    private List<byte[]> digests = List.of();
    private List<byte[]> adminDigests = List.of();
    private List<VirtualKey> staticKeys = List.of();

    /**
     * The admin API's keys ({@code llmVirtualKeys} of routes/llm-beans.yaml), looked up on first use:
     * a bean of another file may not exist yet while this one is made, whatever order files load in.
     */
    private VirtualKeys virtualKeys() {
        VirtualKeys found = virtualKeys;
        if (found == null) {
            found = getCamelContext().getRegistry().lookupByNameAndType("llmVirtualKeys", VirtualKeys.class);
            virtualKeys = found;
        }
        return found;
    }

    /** Reads the keys at start and warns when an open gateway listens beyond this machine. */
    public void init() {
        adminDigests = digests("gateway.auth.adminKeys");
        List<byte[]> all = new ArrayList<>(digests("gateway.auth.keys"));
        all.addAll(adminDigests);                   // an admin key is a key
        digests = List.copyOf(all);
        List<VirtualKey> named = new ArrayList<>();
        for (int i = 0; i < all.size() - adminDigests.size(); i++) {
            named.add(VirtualKey.staticKey("static-" + (i + 1)));     // gateway.auth.keys in their order
        }
        for (int i = 0; i < adminDigests.size(); i++) {
            named.add(VirtualKey.staticKey("admin-" + (i + 1)));
        }
        staticKeys = List.copyOf(named);
        if (getCamelContext().getRegistry().lookupByName(LOGGED) != null) {
            return;                     // said once already (Camel creates YAML beans twice)
        }
        getCamelContext().getRegistry().bind(LOGGED, Boolean.TRUE);
        if (enabled()) {
            LOG.info("Gateway API keys: {} configured; HTTP and WebSocket clients must send one", digests.size());
            return;
        }
        String http = GatewayHttpServer.host(getCamelContext());
        String ws = getCamelContext().resolvePropertyPlaceholders("{{gateway.ws.host:{{gateway:bindHost}}}}");
        if (!isLoopback(http) || !isLoopback(ws)) {
            LOG.warn("*** No gateway.auth.keys, yet the gateway listens on {} (HTTP) and {} (WebSocket), as gateway.host "
                    + "asks: anyone who reaches this machine can use every backend and its keys. Set gateway.auth.keys "
                    + "(GATEWAY_AUTH_KEYS), or leave gateway.host empty to listen on 127.0.0.1 only. ***",
                    http, ws.isEmpty() ? "0.0.0.0" : ws);
        }
    }

    public boolean enabled() {
        VirtualKeys made = virtualKeys();
        return !digests.isEmpty() || (made != null && made.any());
    }

    /** Whether a request may pass: no keys configured, or it presented a usable one. */
    public boolean accepts(String presented) {
        try {
            identify(presented);
            return true;
        } catch (GatewayException refused) {
            return false;
        }
    }

    /**
     * The key a request presented: {@link #OPEN} while no key is asked for, a static key
     * ({@code static-1}, {@code admin-1} in the order of the settings) or one the admin API made.
     * A 401 for a missing, unknown, revoked or expired key, saying which.
     */
    public VirtualKey identify(String presented) {
        if (!enabled()) {
            return OPEN;
        }
        if (presented == null || presented.isEmpty()) {
            throw refused("a gateway API key is required: send Authorization: Bearer <key>");
        }
        byte[] digest = sha256(presented);
        int match = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), digest)) {
                match = i;
            }
        }
        if (match >= 0) {
            return staticKeys.get(match);
        }
        VirtualKey key = virtualKeys() == null ? null : virtualKeys().find(HexFormat.of().formatHex(digest));
        if (key == null) {
            throw refused("the gateway API key is not valid");
        }
        if (key.revokedAt() != null) {
            throw refused("the gateway API key " + key.hint() + " was revoked");
        }
        if (!key.usableAt(Instant.now())) {
            throw refused("the gateway API key " + key.hint() + " expired at " + key.expiresAt());
        }
        return key;
    }

    /**
     * A key as the store now has it, for a connection that presented it earlier (a WebSocket's
     * handshake): 401 once it was revoked or expired. Static keys do not change.
     */
    public VirtualKey current(VirtualKey key) {
        if (key.isStatic()) {
            return key;
        }
        VirtualKeys made = virtualKeys();
        VirtualKey now = made == null ? null : made.find(key.secretHash());
        if (now == null || now.revokedAt() != null) {
            throw refused("the gateway API key " + key.hint() + " was revoked");
        }
        if (!now.usableAt(Instant.now())) {
            throw refused("the gateway API key " + key.hint() + " expired at " + now.expiresAt());
        }
        return now;
    }

    /** The key of a request that passed the front door's check, from its headers. */
    public VirtualKey identify(Message message) {
        return identify(presented(message.getHeader("Authorization", String.class), message.getHeader("x-api-key", String.class),
                null));
    }

    private static GatewayException refused(String message) {
        return new GatewayException(401, "authentication_error", "invalid_api_key", message);
    }

    /** Whether any admin key is set: else the admin API is off. */
    public boolean adminEnabled() {
        return !adminDigests.isEmpty();
    }

    /** Whether a request may change the backends' models: no keys configured, or it presented an admin key. */
    public boolean acceptsAdmin(String presented) {
        return !enabled() || matches(adminDigests, presented);
    }

    private static boolean matches(List<byte[]> keys, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, digest);
        }
        return match;
    }

    private List<byte[]> digests(String setting) {
        List<byte[]> read = new ArrayList<>();
        for (String key : property(setting).split(",")) {
            if (!key.isBlank()) {
                read.add(sha256(key.trim()));
            }
        }
        return List.copyOf(read);
    }

    /**
     * The key a client presented: {@code Authorization: Bearer <key>} (OpenAI, Ollama clients),
     * {@code x-api-key: <key>} (Anthropic clients) or a {@code token} query parameter (browsers'
     * WebSockets cannot set headers).
     */
    public static String presented(String authorization, String apiKey, String token) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        return token;
    }

    private String property(String key) {
        return getCamelContext().getPropertiesComponent().resolveProperty(key).map(String::trim).orElse("");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** The SHA-256 of a key's secret in hex, as the store keeps it. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
