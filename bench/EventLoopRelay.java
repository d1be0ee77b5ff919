import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A benchmark column, not a gateway: the least a JVM relay on the gateway's own libraries (Vert.x
 * 4.5, Jackson) costs when it never leaves the event loop. It reads the chat request as a JSON
 * tree, writes the upstream request, reads the reply as a tree and writes it back, and does nothing
 * else (no routing, no privacy, no limits, no translation). A streamed request's reply is passed
 * through as the upstream's bytes arrive, one write per read. Beside the gateway it shows what
 * routing and translating add, on the same JVM, upstream and load.
 *
 * <pre>java -cp &lt;vertx-core, jackson-databind&gt; bench/EventLoopRelay.java PORT UPSTREAM_PORT</pre>
 */
public final class EventLoopRelay {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(20_000));
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            ObjectNode upstreamRequest = JSON.createObjectNode();
            boolean stream;
            try {
                JsonNode chat = JSON.readTree(body.getBytes());
                stream = chat.path("stream").asBoolean(false);
                upstreamRequest.set("model", chat.get("model"));
                upstreamRequest.set("messages", chat.get("messages"));
                upstreamRequest.put("stream", stream);
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
            }
            var call = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(upstream)
                            .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json"))
                    .compose(upstreamCall -> upstreamCall.send(Buffer.buffer(upstreamRequest.toString())));
            if (stream) {
                call.onSuccess(reply -> {
                    HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    reply.handler(response::write).endHandler(end -> response.end());
                }).onFailure(e -> request.response().setStatusCode(502).end());
                return;
            }
            call.compose(reply -> reply.body())
                    .onSuccess(reply -> {
                        try {
                            request.response().putHeader("Content-Type", "application/json")
                                    .end(Buffer.buffer(JSON.writeValueAsBytes(JSON.readTree(reply.getBytes()))));
                        } catch (Exception e) {
                            request.response().setStatusCode(502).end();
                        }
                    })
                    .onFailure(e -> request.response().setStatusCode(502).end());
        })).listen(port, "127.0.0.1");
    }
}
