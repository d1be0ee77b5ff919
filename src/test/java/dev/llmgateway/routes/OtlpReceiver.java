package dev.llmgateway.routes;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A collector for the tests: accepts OTLP/HTTP protobuf at {@code POST /v1/traces}, as the
 * OpenTelemetry SDK's exporter sends it, and keeps every span it decoded.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One decoded span: ids in hex, attributes as Java values (String, Long, Double, Boolean, List). */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind, String status,
                        Map<String, Object> attributes, String serviceName) {

        Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                receive(ExportTraceServiceRequest.parseFrom(body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace, once {@code count} of them arrived (the exporter sends in batches). */
    List<ReceivedSpan> trace(String traceId, int count) {
        Predicate<ReceivedSpan> ofTrace = span -> span.traceId().equals(traceId);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.stream().filter(ofTrace).count() >= count);
        return spans.stream().filter(ofTrace).toList();
    }

    /** The first span whose attribute {@code key} is {@code value}, once it arrived. */
    ReceivedSpan spanWith(String key, Object value) {
        Predicate<ReceivedSpan> match = span -> value.equals(span.attribute(key));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spans.stream().anyMatch(match));
        return spans.stream().filter(match).findFirst().orElseThrow();
    }

    private void receive(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            Object service = attributes(resource.getResource().getAttributesList()).get("service.name");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    spans.add(new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind().name().replace("SPAN_KIND_", ""),
                            span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                            attributes(span.getAttributesList()), String.valueOf(service)));
                }
            }
        }
    }

    private static Map<String, Object> attributes(List<KeyValue> pairs) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        pairs.forEach(pair -> attributes.put(pair.getKey(), value(pair.getValue())));
        return attributes;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            default -> value.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
