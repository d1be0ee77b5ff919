package dev.llmgateway.telemetry;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * A logfmt line ({@code key=value key="quoted value"}): one line per event that both people and
 * log shippers (Loki, Vector, Datadog) read. Values from clients, such as model names, are quoted
 * and escaped, so they cannot forge fields or lines.
 */
public final class LogLine {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@+-]+");

    private final StringBuilder line = new StringBuilder(200);

    /** Appends {@code key=value}; null values are left out. */
    public LogLine add(String key, Object value) {
        if (value == null) {
            return this;
        }
        String text = value.toString();
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(key).append('=');
        line.append(BARE.matcher(text).matches() ? text
                : new TextNode(text).toString().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"));
        return this;
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
