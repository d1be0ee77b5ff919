package dev.llmgateway.stream;

/** How an upstream cuts its stream into frames, read line by line as the lines arrive. */
public enum Framing {

    /** One JSON object per line ({@code application/x-ndjson}, Ollama native); blank lines are skipped. */
    NDJSON {
        @Override
        Parser parser() {
            return new Parser() {
                @Override
                public Frame line(String line) {
                    return line.isBlank() ? null : new Frame(null, line);
                }

                @Override
                public Frame end() {
                    return null;
                }
            };
        }
    },

    /**
     * Server-sent events, decoded the WHATWG way (as openai-python does): {@code data:} lines of
     * one event are joined with "\n", one space after the colon is optional, comment lines
     * ({@code : ping}) and unknown fields are skipped, a blank line ends an event.
     * <pre>
     * event: message_start
     * data: {"type":"message_start",...}
     * </pre>
     */
    SSE {
        @Override
        Parser parser() {
            return new Parser() {
                private String event;
                private StringBuilder data;

                @Override
                public Frame line(String line) {
                    if (line.isEmpty()) {
                        Frame frame = data == null ? null : new Frame(event, data.toString());
                        event = null;
                        data = null;
                        return frame;
                    }
                    if (line.charAt(0) == ':') {
                        return null;
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
                    return null;
                }

                @Override
                public Frame end() {
                    return line("");        // an event the stream ended without its blank line
                }
            };
        }
    };

    /** A parser for one stream: it keeps the event being read between lines. */
    abstract Parser parser();

    interface Parser {

        /** The frame this line completes, or null. */
        Frame line(String line);

        /** At the end of the stream: a frame still open, or null. */
        Frame end();
    }

    record Frame(String event, String data) {
    }
}
