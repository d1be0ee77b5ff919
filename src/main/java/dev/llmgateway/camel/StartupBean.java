package dev.llmgateway.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;

/**
 * A bean with work to do once Camel has fully started ({@link #started}), when every route, the
 * platform-http server and the metrics registry exist.
 */
public abstract class StartupBean extends ContextBean implements ExtendedStartupListener {

    /** Runs once Camel is fully started. */
    protected abstract void started(CamelContext context);

    @Override
    public void setCamelContext(CamelContext camelContext) {
        super.setCamelContext(camelContext);
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // too early for the work of these beans: see started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        started(context);
    }
}
