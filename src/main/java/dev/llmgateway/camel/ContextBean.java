package dev.llmgateway.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/** A bean declared in the route files that needs its CamelContext (Camel injects it on creation). */
public abstract class ContextBean implements CamelContextAware {

    private CamelContext camelContext;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
