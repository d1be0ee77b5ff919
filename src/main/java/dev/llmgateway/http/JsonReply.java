package dev.llmgateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.BackendRouter;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** A whole JSON reply of a front door: status, body and the gateway's own headers, nothing else. */
public final class JsonReply {

    /** The replica that answered, when a backend has several: {@code X-LLM-Replica: http://gpu2:11434}. */
    public static final String REPLICA_HEADER = "X-LLM-Replica";

    private JsonReply() {
    }

    /** The reply; every header of the exchange (e.g. the upstream call's Authorization) is dropped first. */
    public static void send(Exchange exchange, int status, String contentType, ObjectNode json) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        RequestContext context = RequestContext.find(exchange).orElse(null);
        if (context != null && context.backend() != null) {
            message.setHeader(BackendRouter.HEADER, context.backend().name());
        }
        if (context != null && context.replica() != null) {
            message.setHeader(REPLICA_HEADER, context.replica());
        }
        message.setBody(Json.bytes(json));      // bytes: sent with a Content-Length
    }

    /** An error reply, with {@code Retry-After} when the error says when to come back. */
    public static void error(Exchange exchange, GatewayException error, String contentType, ObjectNode json) {
        send(exchange, error.status(), contentType, json);
        if (error.retryAfterSeconds() != null) {
            exchange.getMessage().setHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
    }
}
