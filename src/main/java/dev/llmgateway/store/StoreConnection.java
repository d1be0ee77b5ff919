package dev.llmgateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/**
 * The store's pool (HikariCP) with its schema migrated (Flyway). A class of its own so that a host
 * that embeds the gateway without a store needs none of these libraries on its classpath. A Camel
 * service: it closes when the CamelContext stops, after the services added later (the ledger's
 * last batch).
 */
final class StoreConnection extends ServiceSupport {

    private final HikariDataSource dataSource;

    private StoreConnection(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static StoreConnection open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("llm-gateway-store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);           // admin calls, the ledger's writer, the refresh of keys and totals
        config.setMinimumIdle(1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure(StoreConnection.class.getClassLoader()).dataSource(dataSource)
                    .locations("classpath:db/llm-gateway").table("llm_schema_history")
                    .baselineOnMigrate(true).baselineVersion("0")       // a PostgreSQL database shared with other tables
                    .load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new StoreConnection(dataSource);
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected void doStop() {
        dataSource.close();
    }
}
