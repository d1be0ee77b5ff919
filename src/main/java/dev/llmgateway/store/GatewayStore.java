package dev.llmgateway.store;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the gateway keeps its keys and its usage ledger: an embedded H2 database file
 * ({@code gateway.store.dir}, default {@code data/}: survives a restart, nothing to install) or,
 * when several replicas share them, PostgreSQL ({@code gateway.store.url=jdbc:postgresql://db:5432/gateway},
 * {@code gateway.store.user}, {@code gateway.store.password}). Its tables are created and migrated by
 * Flyway at start ({@code db/llm-gateway/V*.sql} in the jar). The store is open when the admin API is
 * ({@code gateway.auth.adminKeys}) or a store URL is set; otherwise the gateway writes no file.
 */
public class GatewayStore extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayStore.class);

    private volatile StoreConnection connection;

    /** Opens and migrates the store when it is wanted; a store that cannot open stops the start. */
    public void init() {
        if (connection != null || !wanted()) {
            return;
        }
        String url = property("gateway.store.url").orElseGet(() -> "jdbc:h2:file:"
                + Path.of(property("gateway.store.dir").orElse("data")).toAbsolutePath().normalize().resolve("llm-gateway"));
        requireLibraries(url);
        connection = once("llmStoreConnection", StoreConnection.class, () -> {
            StoreConnection opened = StoreConnection.open(url, property("gateway.store.user").orElse(null),
                    property("gateway.store.password").orElse(null));
            LOG.info("Store: {} (keys and usage ledger)", url.replaceFirst("[?;].*", ""));
            try {
                getCamelContext().addService(opened, true, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return opened;
        });
    }

    /** Whether keys and usage are stored: the admin API is on, or a store URL is set. */
    public boolean enabled() {
        return connection != null;
    }

    /** The store's connections; only when {@link #enabled()}. */
    public DataSource dataSource() {
        StoreConnection open = connection;
        if (open == null) {
            throw new IllegalStateException("the store is not open: set gateway.auth.adminKeys or gateway.store.url");
        }
        return open.dataSource();
    }

    /** Before StoreConnection is loaded, whose code names these libraries' classes. */
    private static void requireLibraries(String url) {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource");
            Class.forName("org.flywaydb.core.Flyway");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the gateway's store (for gateway.auth.adminKeys or gateway.store.url) needs "
                    + "com.zaxxer:HikariCP, org.flywaydb:flyway-core and the JDBC driver of " + url.replaceFirst("[?;].*", "")
                    + " (com.h2database:h2, or org.postgresql:postgresql with org.flywaydb:flyway-database-postgresql) "
                    + "on the classpath", e);
        }
    }

    private boolean wanted() {
        return property("gateway.auth.adminKeys").isPresent() || property("gateway.store.url").isPresent();
    }

    private Optional<String> property(String key) {
        return Settings.optional(getCamelContext(), key);
    }
}
