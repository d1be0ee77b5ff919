package dev.llmgateway.stream;

import dev.llmgateway.camel.StartupBean;
import dev.llmgateway.model.GatewayException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the gateway shuts down (Ctrl+C, SIGTERM), the answers still streaming get the grace period,
 * {@code camel.main.shutdownTimeout}, to finish; the ones still running {@value #MARGIN_MILLIS} ms
 * before it ends are stopped, each ending with its dialect's error frame, 503
 * {@code shutting_down}, rather than a connection that Camel's forced stop cuts mid-frame:
 * <pre>
 * event: error
 * data: {"error":{"message":"the gateway shut down before this answer was complete","type":"overloaded","param":null,"code":"shutting_down"}}
 * </pre>
 */
public class ShutdownDeadline extends StartupBean {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDeadline.class);
    static final long MARGIN_MILLIS = 2_000;

    private final UpstreamCalls calls;

    public ShutdownDeadline(UpstreamCalls calls) {
        this.calls = calls;
    }

    @Override
    protected void started(CamelContext context) {
        try {
            context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    scheduleEnd(context);
                }

                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelContextStoppingEvent;
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void scheduleEnd(CamelContext context) {
        long grace = context.getShutdownStrategy().getTimeUnit().toMillis(context.getShutdownStrategy().getTimeout());
        long delay = grace > 2 * MARGIN_MILLIS ? grace - MARGIN_MILLIS : grace / 2;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "llm-shutdown-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            int stopped = calls.stopAll(new GatewayException(503, "overloaded", "shutting_down",
                    "the gateway shut down before this answer was complete"));
            if (stopped > 0) {
                LOG.warn("Shutdown grace period ends: {} answers still streaming were stopped, each with an error frame", stopped);
            }
            timer.shutdown();
        }, delay, TimeUnit.MILLISECONDS);
    }
}
