package dev.llmgateway.security;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.vertx.GatewayHttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own API keys, {@code gateway.auth.keys} (comma-separated; or the environment
 * variable {@code GATEWAY_AUTH_KEYS}), and the admin keys, {@code gateway.auth.adminKeys}
 * ({@code GATEWAY_AUTH_ADMINKEYS}), which may also change the backends' models (Ollama's pull,
 * create, copy, delete). Neither set: no key is asked for. Keys are kept only as SHA-256
 * digests and compared with {@link MessageDigest#isEqual}, against every key, so the time an
 * answer takes says nothing about how much of a guess was right.
 */
public class GatewayKeys extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayKeys.class);

    private static final String LOGGED = "llmGatewayKeysLogged";

    private List<byte[]> digests = List.of();
    private List<byte[]> adminDigests = List.of();

    /** Reads the keys at start and warns when an open gateway listens beyond this machine. */
    public void init() {
        adminDigests = digests("gateway.auth.adminKeys");
        List<byte[]> all = new ArrayList<>(digests("gateway.auth.keys"));
        all.addAll(adminDigests);                   // an admin key is a key
        digests = List.copyOf(all);
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
        return !digests.isEmpty();
    }

    /** Whether a request may pass: no keys configured, or it presented one of them. */
    public boolean accepts(String presented) {
        return !enabled() || matches(digests, presented);
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

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
