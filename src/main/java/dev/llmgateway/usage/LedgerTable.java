package dev.llmgateway.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The table {@code llm_usage}: rows written in batches, totals read per key and day, usage grouped. */
final class LedgerTable {

    /** The admin API's groupBy names and their columns. */
    static final Map<String, String> GROUPS = new LinkedHashMap<>(Map.of(
            "key", "key_name", "backend", "backend", "model", "model", "day", "usage_day", "ingress", "ingress"));

    private final DataSource dataSource;

    LedgerTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(List<UsageRow> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO llm_usage (request_id, recorded_at, usage_day, "
                     + "key_id, key_name, ingress, backend, model, tokens_in, tokens_out, cost, latency_ms, status, outcome, "
                     + "is_private, detected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UsageRow row : rows) {
                insert.setString(1, row.requestId());
                insert.setObject(2, row.at().atOffset(ZoneOffset.UTC));
                insert.setObject(3, LocalDate.ofInstant(row.at(), ZoneOffset.UTC));
                insert.setString(4, row.keyId());
                insert.setString(5, row.keyName());
                insert.setString(6, row.ingress());
                insert.setString(7, row.backend());
                insert.setString(8, row.model());
                insert.setLong(9, row.tokensIn());
                insert.setLong(10, row.tokensOut());
                insert.setDouble(11, row.cost());
                insert.setLong(12, row.latencyMs());
                insert.setInt(13, row.status());
                insert.setString(14, row.outcome());
                insert.setBoolean(15, row.isPrivate());
                if (row.detected() == null) {
                    insert.setNull(16, Types.VARCHAR);
                } else {
                    insert.setString(16, row.detected());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Tokens and cost of each key (admin API keys only) on each day from {@code since}: key id → day → {tokens, cost}. */
    Map<String, Map<LocalDate, double[]>> totalsSince(LocalDate since) throws SQLException {
        Map<String, Map<LocalDate, double[]>> totals = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT key_id, usage_day, SUM(tokens_in + tokens_out), "
                     + "SUM(cost) FROM llm_usage WHERE key_id IS NOT NULL AND usage_day >= ? GROUP BY key_id, usage_day")) {
            select.setObject(1, since);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    totals.computeIfAbsent(rows.getString(1), key -> new HashMap<>())
                            .put(rows.getObject(2, LocalDate.class), new double[] {rows.getLong(3), rows.getDouble(4)});
                }
            }
        }
        return totals;
    }

    /** Requests, tokens and cost from {@code from} to {@code to} (days, both included), grouped by those of {@link #GROUPS}. */
    List<Map<String, Object>> grouped(List<String> groupBy, LocalDate from, LocalDate to) throws SQLException {
        List<String> columns = groupBy.stream().map(GROUPS::get).toList();
        String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String group = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns) + " ORDER BY " + String.join(", ", columns);
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT " + select + "COUNT(*), SUM(tokens_in), SUM(tokens_out), "
                     + "SUM(cost), AVG(latency_ms) FROM llm_usage WHERE usage_day >= ? AND usage_day <= ?" + group)) {
            query.setObject(1, from);
            query.setObject(2, to);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long requests = rows.getLong(columns.size() + 1);
                    if (requests == 0) {
                        continue;                  // no grouping and no rows: one row of nulls
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < groupBy.size(); i++) {
                        Object value = groupBy.get(i).equals("day") ? rows.getObject(i + 1, LocalDate.class) : rows.getString(i + 1);
                        row.put(groupBy.get(i), value == null ? null : value.toString());
                    }
                    row.put("requests", requests);
                    row.put("tokensIn", rows.getLong(columns.size() + 2));
                    row.put("tokensOut", rows.getLong(columns.size() + 3));
                    row.put("cost", rows.getDouble(columns.size() + 4));
                    row.put("latencyMsAvg", Math.round(rows.getDouble(columns.size() + 5)));
                    result.add(row);
                }
            }
        }
        return result;
    }
}
