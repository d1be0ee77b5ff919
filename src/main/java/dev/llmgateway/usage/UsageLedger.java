package dev.llmgateway.usage;

import dev.llmgateway.camel.ContextBean;
import dev.llmgateway.config.Durations;
import dev.llmgateway.config.Settings;
import dev.llmgateway.store.GatewayStore;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger: a row per request ({@link UsageRow}) into the store's {@code llm_usage}. The
 * request path only queues the row; a writer writes the queue in one batch every
 * {@code gateway.store.syncPeriod} (default 2s), then re-reads each key's tokens and cost of this
 * month, so that budgets hold across replicas sharing the store. The last batch is written when the
 * gateway stops. A key's spending is what the store had at the last sync plus what this gateway
 * queued since.
 */
public class UsageLedger extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
    private static final int MAX_QUEUED = 1_000_000;

    private final GatewayStore store;
    private volatile Writer writer;

    public UsageLedger(GatewayStore store) {
        this.store = store;
    }

    public void init() {
        store.init();
        if (!store.enabled() || writer != null) {
            return;
        }
        writer = once("llmUsageWriter", Writer.class, () -> {
            Writer made = new Writer(new LedgerTable(store.dataSource()));
            try {
                getCamelContext().addService(made, true, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long period = Durations.parse("gateway.store.syncPeriod",
                    Settings.optional(getCamelContext(), "gateway.store.syncPeriod").orElse("2s")).toMillis();
            ScheduledExecutorService sync = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(made, "llm-usage-sync");
            sync.scheduleWithFixedDelay(made::syncQuietly, 0, period, TimeUnit.MILLISECONDS);
            return made;
        });
    }

    public boolean enabled() {
        return writer != null;
    }

    /** Queues a request's row; returns at once (nothing without a store). */
    public void record(UsageRow row) {
        Writer current = writer;
        if (current != null) {
            current.queue(row);
        }
    }

    /** What the key used today and this month, its queued requests included. */
    public Spent spent(String keyId) {
        Writer current = writer;
        return current == null ? Spent.NOTHING : current.spent(keyId, today());
    }

    /** The admin API's usage: every queued row written first, so a request just answered is in it. */
    public List<Map<String, Object>> grouped(List<String> groupBy, LocalDate from, LocalDate to) throws SQLException {
        Writer current = writer;
        if (current == null) {
            return List.of();
        }
        current.sync();
        return current.table.grouped(groupBy, from, to);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The queue, its writer and the totals; one per CamelContext, stopped (last batch written) with it. */
    static final class Writer extends ServiceSupport {

        final LedgerTable table;
        private final ConcurrentLinkedQueue<UsageRow> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        /** key id → day → {tokens, cost}: the store's at the last sync, and what was queued since. */
        private volatile Map<String, Map<LocalDate, double[]>> stored = Map.of();
        private final Map<String, Map<LocalDate, double[]>> pending = new HashMap<>();

        Writer(LedgerTable table) {
            this.table = table;
        }

        void queue(UsageRow row) {
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                LOG.warn("The usage ledger holds {} unwritten requests (is the store down?): request {} not recorded",
                        MAX_QUEUED, row.requestId());
                return;
            }
            if (row.keyId() != null) {
                synchronized (pending) {
                    add(pending, row, +1);
                }
            }
            queue.add(row);
        }

        Spent spent(String keyId, LocalDate today) {
            double[] day = new double[2];
            double[] month = new double[2];
            sum(stored.get(keyId), today, day, month);
            synchronized (pending) {
                sum(pending.get(keyId), today, day, month);
            }
            return new Spent((long) day[0], (long) month[0], day[1], month[1]);
        }

        private static void sum(Map<LocalDate, double[]> days, LocalDate today, double[] day, double[] month) {
            if (days == null) {
                return;
            }
            days.forEach((date, total) -> {
                if (date.getYear() == today.getYear() && date.getMonth() == today.getMonth()) {
                    month[0] += total[0];
                    month[1] += total[1];
                    if (date.equals(today)) {
                        day[0] += total[0];
                        day[1] += total[1];
                    }
                }
            });
        }

        /** Writes what is queued, then re-reads the totals; the written rows leave "pending" only then. */
        synchronized void sync() throws SQLException {
            List<UsageRow> batch = new ArrayList<>();
            for (UsageRow row; (row = queue.poll()) != null; ) {
                batch.add(row);
            }
            try {
                if (!batch.isEmpty()) {
                    table.insert(batch);
                }
            } catch (SQLException e) {
                queue.addAll(batch);              // written at the next sync, after the rows queued since: order is not kept
                throw e;
            }
            queued.addAndGet(-batch.size());
            Map<String, Map<LocalDate, double[]>> totals = table.totalsSince(today().withDayOfMonth(1).minusDays(1));
            synchronized (pending) {
                stored = totals;
                for (UsageRow row : batch) {
                    if (row.keyId() != null) {
                        add(pending, row, -1);
                    }
                }
            }
        }

        void syncQuietly() {
            try {
                sync();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not write the usage ledger ({} requests wait for the next try): {}", queued.get(), e.toString());
            }
        }

        private static void add(Map<String, Map<LocalDate, double[]>> totals, UsageRow row, int sign) {
            double[] day = totals.computeIfAbsent(row.keyId(), key -> new HashMap<>())
                    .computeIfAbsent(LocalDate.ofInstant(row.at(), ZoneOffset.UTC), date -> new double[2]);
            day[0] += sign * row.tokens();
            day[1] += sign * row.cost();
        }

        @Override
        protected void doStop() {
            try {
                sync();
            } catch (SQLException e) {
                LOG.warn("The usage ledger could not write its last {} requests at shutdown: {}", queued.get(), e.toString());
            }
        }
    }
}
