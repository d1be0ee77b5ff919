package dev.llmgateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmgateway.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The table {@code llm_keys}: keys with their policies, never their secrets. */
final class StoredKeys {

    private final DataSource dataSource;

    StoredKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(VirtualKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO llm_keys "
                     + "(id, name, secret_hash, hint, policy, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.id());
            insert.setString(2, key.name());
            insert.setString(3, key.secretHash());
            insert.setString(4, key.hint());
            insert.setString(5, policy(key.policy()));
            insert.setObject(6, timestamp(key.createdAt()));
            insert.setObject(7, timestamp(key.expiresAt()));
            insert.setObject(8, timestamp(key.revokedAt()));
            insert.executeUpdate();
        }
    }

    void update(VirtualKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE llm_keys SET name = ?, policy = ?, expires_at = ?, revoked_at = ? WHERE id = ?")) {
            update.setString(1, key.name());
            update.setString(2, policy(key.policy()));
            update.setObject(3, timestamp(key.expiresAt()));
            update.setObject(4, timestamp(key.revokedAt()));
            update.setString(5, key.id());
            update.executeUpdate();
        }
    }

    List<VirtualKey> all() throws SQLException {
        List<VirtualKey> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, name, secret_hash, hint, policy, created_at, expires_at, revoked_at FROM llm_keys ORDER BY created_at, id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(new VirtualKey(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        Json.MAPPER.readValue(rows.getString(5), KeyPolicy.class), instant(rows, 6),
                        instant(rows, 7), instant(rows, 8)));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a key's stored policy is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return keys;
    }

    private static String policy(KeyPolicy policy) {
        try {
            return Json.MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TIMESTAMP WITH TIME ZONE as JDBC 4.2 has it, the same in H2 and PostgreSQL whatever the JVM's zone. */
    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
