package dev.llmgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.keys.KeyPolicy;
import dev.llmgateway.keys.VirtualKey;
import dev.llmgateway.keys.VirtualKeys;
import dev.llmgateway.security.GatewayKeys;
import dev.llmgateway.usage.Spent;
import dev.llmgateway.usage.UsageLedger;
import dev.llmgateway.usage.UsageRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The store's keys and ledger against real databases: the embedded H2 file (the default) and a
 * real PostgreSQL server. Keys and usage survive a restart; two gateways sharing PostgreSQL see each
 * other's keys and each other's spending.
 */
class SharedStoreTest {

    static Stream<Arguments> stores() throws Exception {
        return Stream.of(
                Arguments.of("h2", Map.of("gateway.auth.adminKeys", "k-admin-0123456789",      // the store opens with the admin API
                        "gateway.store.dir", Files.createTempDirectory(Path.of("target"), "store-").toString())),
                Arguments.of("postgresql", Map.of("gateway.store.url",
                        PostgresServer.get().newDatabase("restart_" + Long.toHexString(System.nanoTime())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void should_keep_keys_and_usage_across_a_restart(String store, Map<String, String> settings) throws Exception {
        String keyId;
        String secret;
        CamelContext first = gateway(settings);
        try {
            VirtualKeys.Created made = bean(first, VirtualKeys.class).create("alice",
                    new KeyPolicy(List.of("ollama/*"), null, "private", new KeyPolicy.Limits(3, null), null), null);
            keyId = made.key().id();
            secret = made.secret();
            UsageLedger ledger = bean(first, UsageLedger.class);
            ledger.record(row("r1", keyId, 10, 5, 0.25));
            ledger.record(row("r2", keyId, 7, 3, 0.5));
            assertThat(ledger.spent(keyId)).isEqualTo(new Spent(25, 25, 0.75, 0.75));
        } finally {
            first.stop();                         // the ledger's queue is written as the gateway stops
        }

        CamelContext second = gateway(settings);
        try {
            VirtualKey key = bean(second, VirtualKeys.class).find(GatewayKeys.sha256Hex(secret));
            assertThat(key.id()).isEqualTo(keyId);
            assertThat(key.name()).isEqualTo("alice");
            assertThat(key.policy().alwaysPrivate()).isTrue();
            assertThat(key.policy().limits().requestsPerMinute()).isEqualTo(3);
            UsageLedger ledger = bean(second, UsageLedger.class);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ledger.spent(keyId).tokensToday() == 25);
            List<Map<String, Object>> rows = ledger.grouped(List.of("key"), LocalDate.now(ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("key", "alice").containsEntry("requests", 2L)
                    .containsEntry("tokensIn", 17L).containsEntry("tokensOut", 8L).containsEntry("cost", 0.75);
        } finally {
            second.stop();
        }
    }

    @Test
    void should_share_keys_and_spending_between_two_gateways_on_one_postgresql() throws Exception {
        Map<String, String> shared = Map.of("gateway.store.url", PostgresServer.get().newDatabase("shared_" + Long.toHexString(System.nanoTime())));
        CamelContext one = gateway(shared);
        CamelContext two = gateway(shared);
        try {
            VirtualKeys.Created made = bean(one, VirtualKeys.class).create("team", KeyPolicy.NONE, null);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> bean(two, VirtualKeys.class).find(GatewayKeys.sha256Hex(made.secret())) != null);

            bean(one, UsageLedger.class).record(row("on-one", made.key().id(), 40, 2, 0));
            bean(two, UsageLedger.class).record(row("on-two", made.key().id(), 8, 0, 0));
            for (CamelContext gateway : List.of(one, two)) {
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> bean(gateway, UsageLedger.class).spent(made.key().id()).tokensToday() == 50);
            }

            bean(one, VirtualKeys.class).revoke(made.key().id());
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> bean(two, VirtualKeys.class).find(GatewayKeys.sha256Hex(made.secret())).revokedAt() != null);
        } finally {
            one.stop();
            two.stop();
        }
    }

    private static UsageRow row(String id, String keyId, long in, long out, double cost) {
        return new UsageRow(id, Instant.now(), keyId, "alice", "openai", "ollama", "llama3.2", in, out, cost, 120, 200, "ok", false, null);
    }

    /** The store's beans as routes/llm-beans.yaml makes them, in a CamelContext of their own. */
    private static CamelContext gateway(Map<String, String> settings) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("gateway.store.syncPeriod", "100ms");
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.start();
        GatewayStore store = new GatewayStore();
        store.setCamelContext(context);
        VirtualKeys keys = new VirtualKeys(store);
        keys.setCamelContext(context);
        keys.init();
        UsageLedger ledger = new UsageLedger(store);
        ledger.setCamelContext(context);
        ledger.init();
        context.getRegistry().bind("keys", keys);
        context.getRegistry().bind("ledger", ledger);
        return context;
    }

    private static <T> T bean(CamelContext context, Class<T> type) {
        return context.getRegistry().findSingleByType(type);
    }
}
