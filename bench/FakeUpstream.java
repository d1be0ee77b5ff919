import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fast fake LLM backend for the benchmark (WireMock is too slow to measure a gateway against):
 * OpenAI-compatible {@code POST /v1/chat/completions} and Ollama {@code POST /api/chat}, whole or
 * streamed (the request's {@code "stream":true}) in CHUNKS chunks DELAY_MS apart. For a model whose
 * name starts with "stamp" each chunk's text is the epoch microsecond it was written, so a client
 * can tell how long forwarding took; for the others it is " t0", " t1", …, which a client can check
 * byte for byte.
 *
 * <pre>java bench/FakeUpstream.java PORT CHUNKS DELAY_MS</pre>
 */
public final class FakeUpstream {

    private static int chunks;
    private static long delayMs;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        chunks = Integer.parseInt(args[1]);
        delayMs = Long.parseLong(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16384);
        server.setExecutor(oneThreadPerStream());
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, false));
        server.createContext("/api/chat", exchange -> handle(exchange, true));
        server.createContext("/", exchange -> reply(exchange, 200, "application/json", "{\"models\":[],\"data\":[]}"));
        server.start();
        System.out.println("fake upstream on " + port + ", " + chunks + " chunks " + delayMs + " ms apart");
    }

    private static void handle(HttpExchange exchange, boolean ollama) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean stream = ollama ? !body.contains("\"stream\":false") : body.contains("\"stream\":true");
        boolean stamped = body.contains("\"model\":\"stamp");
        if (!stream) {
            reply(exchange, 200, "application/json", ollama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello there!\"},"
                      + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":3}"
                    : "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                      + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there!\"},\"finish_reason\":\"stop\"}],"
                      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", ollama ? "application/x-ndjson" : "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < chunks; i++) {
                if (i > 0) {
                    sleep();
                }
                String stamp = stamped ? " " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) : " t" + i;
                out.write((ollama
                        ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"" + stamp + "\"},\"done\":false}\n"
                        : "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + stamp + "\"},\"finish_reason\":null}]}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write((ollama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":" + chunks + "}\n"
                    : "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                      + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (12 + chunks) + "}}\n\n"
                      + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException clientGone) {
            // the client left mid-stream
        }
    }

    /** A virtual thread per open stream on JDK 21 and later (10,000 streams), else a pool of 1,500. */
    private static ExecutorService oneThreadPerStream() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException beforeJdk21) {
            return Executors.newFixedThreadPool(1500);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
