package dev.llmgateway.camel;

import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.Registry;

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

    /**
     * State that must exist once per CamelContext, made by the first bean that asks: Camel creates
     * the beans of YAML files twice, and each instance may end up referenced by another bean.
     */
    protected <T> T once(String name, Class<T> type, Supplier<T> create) {
        Registry registry = camelContext.getRegistry();
        synchronized (registry) {
            T existing = registry.lookupByNameAndType(name, type);
            if (existing != null) {
                return existing;
            }
            T made = create.get();
            registry.bind(name, type, made);
            return made;
        }
    }
}
