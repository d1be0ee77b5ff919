package dev.llmgateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Regression (seen twice in CI as an IngressFuzzTest frame without an answer):
 * camel-vertx-websocket runs a connection's events side by side, so a client's first frame can be
 * read before the connection's OPEN event; its answer was dropped as if the client were gone.
 */
class FirstFrameTest {

    @Test
    void should_answer_a_first_frame_that_comes_before_the_open_event() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:llm-ws-send").process(exchange -> sent.add(exchange.getMessage().getBody(String.class)));
                }
            });
            context.start();
            WebSocketChatApi api = new WebSocketChatApi();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader(WebSocketChatApi.CONNECTION_KEY, "connection-1");     // no OPEN event yet

            assertThatThrownBy(() -> api.receive("", exchange)).hasMessageContaining("the frame");
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, catchFailure(api, exchange));
            api.writeError(exchange);

            assertThat(sent).hasSize(1);
            JsonNode frame = Json.parse(sent.get(0));
            assertThat(frame.path("type").asText()).isEqualTo("error");
            assertThat(frame.at("/error/status").asInt()).isEqualTo(400);
        }
    }

    private static Exception catchFailure(WebSocketChatApi api, Exchange exchange) {
        try {
            api.receive("", exchange);
            throw new AssertionError("an empty frame was read");
        } catch (Exception e) {
            return e;
        }
    }
}
