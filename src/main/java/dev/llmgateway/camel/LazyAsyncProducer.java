package dev.llmgateway.camel;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;

/**
 * An asynchronous producer to one endpoint, made and started on first use: a step that hands an
 * exchange on from an event loop ({@code producer.process(exchange, callback)}) and must not wait
 * for it, where a {@code ProducerTemplate} would.
 */
public final class LazyAsyncProducer {

    private final String uri;
    private volatile AsyncProducer producer;

    public LazyAsyncProducer(String uri) {
        this.uri = uri;
    }

    public AsyncProducer get(CamelContext camelContext) {
        AsyncProducer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    try {
                        AsyncProducer created = camelContext.getEndpoint(uri).createAsyncProducer();
                        ServiceHelper.startService(created);
                        producer = created;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot send to " + uri, e);
                    }
                }
                current = producer;
            }
        }
        return current;
    }
}
