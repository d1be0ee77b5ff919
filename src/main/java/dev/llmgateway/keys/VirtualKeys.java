package dev.llmgateway.keys;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Durations;
import dev.llmgateway.config.Settings;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.security.GatewayKeys;
import dev.llmgateway.store.GatewayStore;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the admin API makes, held in memory for the request path (one map lookup by the SHA-256
 * of the presented secret) and re-read from the store every {@code gateway.store.syncPeriod}
 * (default 2s), so that a key made or revoked on one replica holds on every replica sharing the store.
 * A secret is {@code sk-gw-} and 40 random letters and digits (238 bits); it is shown once, when made.
 */
public class VirtualKeys extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualKeys.class);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayStore store;
    private volatile Cache cache = new Cache(null);

    /** The keys as last read, one per CamelContext whichever instance of this bean reads or writes them. */
    private static final class Cache {
        final StoredKeys table;
        volatile Map<String, VirtualKey> byHash = Map.of();
        volatile Map<String, VirtualKey> byId = Map.of();

        Cache(StoredKeys table) {
            this.table = table;
        }
    }

    public VirtualKeys(GatewayStore store) {
        this.store = store;
    }

    /** Reads the keys at start and schedules their re-reading; nothing without a store. */
    public void init() throws SQLException {
        store.init();
        if (!store.enabled() || cache.table != null) {
            return;
        }
        boolean[] first = {false};
        cache = once("llmVirtualKeysCache", Cache.class, () -> {
            first[0] = true;
            return new Cache(new StoredKeys(store.dataSource()));
        });
        if (!first[0]) {
            return;
        }
        reload();
        long period = syncPeriod().toMillis();
        ScheduledExecutorService sync = getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "llm-keys-sync");
        sync.scheduleWithFixedDelay(this::reloadQuietly, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Gateway keys from the store: {} ({} usable)", cache.byId.size(),
                cache.byId.values().stream().filter(key -> key.usableAt(Instant.now())).count());
    }

    /** Whether the admin API made any key: then the gateway asks every client for one. */
    public boolean any() {
        return !cache.byHash.isEmpty();
    }

    /** The key whose secret has this SHA-256 (hex), revoked and expired ones included; null when none. */
    public VirtualKey find(String secretHash) {
        return cache.byHash.get(secretHash);
    }

    /** A new key; its secret is in the result and nowhere else. */
    public Created create(String name, KeyPolicy policy, Instant expiresAt) {
        String secret = secret();
        VirtualKey key = new VirtualKey(dev.llmgateway.model.Ids.random("key_"), name, GatewayKeys.sha256Hex(secret),
                "sk-gw-…" + secret.substring(secret.length() - 4), policy, Instant.now(), expiresAt, null);
        write(() -> table().insert(key));
        LOG.info("Gateway key {} made for '{}'", key.id(), name);
        return new Created(key, secret);
    }

    public List<VirtualKey> list() {
        return cache.byId.values().stream().sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList();
    }

    public Optional<VirtualKey> get(String id) {
        return Optional.ofNullable(cache.byId.get(id));
    }

    /** Changes a key (its name, policy or expiry; a revoked key stays revoked); 404 when there is none. */
    public VirtualKey update(String id, UnaryOperator<VirtualKey> change) {
        VirtualKey current = get(id).orElseThrow(() -> notFound(id));
        VirtualKey changed = change.apply(current);
        write(() -> table().update(changed));
        return changed;
    }

    /** Revokes a key at once, here and (at their next sync) on the other replicas. */
    public VirtualKey revoke(String id) {
        VirtualKey revoked = update(id, key -> key.revokedAt() != null ? key : new VirtualKey(key.id(), key.name(),
                key.secretHash(), key.hint(), key.policy(), key.createdAt(), key.expiresAt(), Instant.now()));
        LOG.info("Gateway key {} of '{}' revoked", id, revoked.name());
        return revoked;
    }

    public static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "key_not_found", "no gateway key with id '" + id + "'");
    }

    /** A key as made: the only time its secret is known. */
    public record Created(VirtualKey key, String secret) {
    }

    private interface Write {
        void run() throws SQLException;
    }

    private void write(Write write) {
        try {
            write.run();
            reload();
        } catch (SQLException e) {
            LOG.warn("The store refused a change of keys: {}", e.toString());
            throw new GatewayException(503, "store_unavailable", "store_unavailable", "the gateway's store is unavailable");
        }
    }

    private StoredKeys table() {
        StoredKeys current = cache.table;
        if (current == null) {
            throw new GatewayException(503, "store_unavailable", "store_unavailable",
                    "the gateway keeps no keys: set gateway.auth.adminKeys (and gateway.store.url for a shared store)");
        }
        return current;
    }

    private synchronized void reload() throws SQLException {
        Map<String, VirtualKey> hashes = new HashMap<>();
        Map<String, VirtualKey> ids = new HashMap<>();
        for (VirtualKey key : table().all()) {
            hashes.put(key.secretHash(), key);
            ids.put(key.id(), key);
        }
        cache.byHash = Map.copyOf(hashes);
        cache.byId = Map.copyOf(ids);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not re-read the gateway keys from the store (the ones read before still hold): {}", e.toString());
        }
    }

    private Duration syncPeriod() {
        return Durations.parse("gateway.store.syncPeriod", Settings.optional(getCamelContext(), "gateway.store.syncPeriod").orElse("2s"));
    }

    private static String secret() {
        StringBuilder secret = new StringBuilder("sk-gw-");
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return secret.toString();
    }
}
