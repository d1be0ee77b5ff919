package dev.llmgateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A backend's error, as the client will be told it: an error status with its body and
 * {@code Retry-After}, or an error event inside a stream, in whichever dialect the backend speaks.
 */
public final class UpstreamErrors {

    /** Of an error answer, this much of the body is read for its message. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private UpstreamErrors() {
    }

    /**
     * The upstream's error answer as the client will see it, or null for a success status; with the
     * upstream's {@code Retry-After} (seconds, or an HTTP date), which the retries honour and the
     * client is told.
     */
    static GatewayException of(Message message, byte[] body, Backend backend) {
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (status < 400) {
            return null;
        }
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY), StandardCharsets.UTF_8);
        GatewayException error = GatewayException.upstream(backend.name(), status, errorMessage(text));
        Long retryAfter = retryAfterSeconds(message.getHeader("Retry-After", String.class));
        return retryAfter == null ? error : error.withRetryAfter(retryAfter);
    }

    /** Whether an upstream status is the request's fault: 4xx, but not 408 (timeout) or 429 (busy). */
    public static boolean isRequestsFault(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** {@code Retry-After: 7} or {@code Retry-After: Wed, 02 Dec 2026 10:00:07 GMT}, as seconds from now. */
    static Long retryAfterSeconds(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.matches("\\d{1,9}")) {
            return Long.parseLong(value);
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(Instant.now(), at).toSeconds());
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /**
     * An error event inside a stream, {@code {"type":"error","error":{"type":"…","message":"…"}}}:
     * its {@code type} picks the status ({@code statusByType}, 502 for the rest); without a message,
     * the raw event is the message.
     */
    public static GatewayException streamError(String backend, JsonNode error, String data,
                                               Map<String, Integer> statusByType) {
        String message = Json.text(error, "message");
        int status = statusByType.getOrDefault(String.valueOf(Json.text(error, "type")), 502);
        return GatewayException.upstream(backend, status, message != null ? message : errorMessage(data));
    }

    /**
     * The human-readable message of an upstream error body, whatever its dialect:
     * {@code {"error":{"message":"..."}}} (OpenAI, vLLM, LocalAI), {@code {"error":"..."}} (Ollama,
     * TGI), {@code {"message":"..."}}, or the text itself.
     */
    public static String errorMessage(String body) {
        try {
            JsonNode json = Json.parse(body);
            JsonNode error = json.get("error");
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                return error.get("message").asText();
            }
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        return body.isBlank() ? "(empty body)" : abbreviate(body.strip());
    }

    static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
