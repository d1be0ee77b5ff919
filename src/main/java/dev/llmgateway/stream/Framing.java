package dev.llmgateway.stream;

import java.io.IOException;

/** How an upstream cuts its byte stream into frames. */
public enum Framing {

    /** One JSON object per line ({@code application/x-ndjson}, Ollama native). */
    NDJSON {
        @Override
        Frame next(LineReader reader) throws IOException {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    return new Frame(null, line);
                }
            }
            return null;
        }
    },

    /**
     * Server-sent events, decoded the WHATWG way (as openai-python does): {@code data:} lines of
     * one event are joined with "\n", one space after the colon is optional, comment lines
     * ({@code : ping}) and unknown fields are skipped, CRLF and LF both end a line.
     * <pre>
     * event: message_start
     * data: {"type":"message_start",...}
     * </pre>
     */
    SSE {
        @Override
        Frame next(LineReader reader) throws IOException {
            String event = null;
            StringBuilder data = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return new Frame(event, data.toString());
                    }
                    event = null;
                    continue;
                }
                if (line.charAt(0) == ':') {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                } else if (field.equals("event")) {
                    event = value;
                }
            }
            return data == null ? null : new Frame(event, data.toString());
        }
    };

    /** Reads the next frame, blocking until it is complete; null at end of stream. */
    abstract Frame next(LineReader reader) throws IOException;

    record Frame(String event, String data) {
    }
}
