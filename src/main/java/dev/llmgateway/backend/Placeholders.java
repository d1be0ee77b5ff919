package dev.llmgateway.backend;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-ins of one request's masked data ({@code agents.privacy.onDetect=mask}): each distinct
 * value a detector matched becomes {@code [EMAIL_1]}, {@code [IBAN_1]}, {@code [CUSTOMERID_2]}, the
 * same value the same stand-in throughout the request, so the model can still tell them apart and
 * refer to them. The reply gets the values back.
 */
public final class Placeholders {

    /** The longest stand-in: a partial one at a chunk's end is held back until it is whole or cannot be one. */
    static final int LONGEST = 48;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z0-9]{1,36}_[0-9]{1,6}]");

    private final Map<String, String> byValue = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    /** The stand-in of a value a detector matched. */
    String of(String detector, String value) {
        return byValue.computeIfAbsent(value, unused -> {
            String kind = detector.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
            String placeholder = "[" + kind + "_" + counts.merge(kind, 1, Integer::sum) + "]";
            values.put(placeholder, value);
            return placeholder;
        });
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The text with every stand-in of this request put back; others (a model's own brackets) stay. */
    public String restore(String text) {
        if (text == null || text.indexOf('[') < 0) {
            return text;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder restored = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = values.get(matcher.group());
            matcher.appendReplacement(restored, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(restored);
        return restored.toString();
    }

    /** Restores a text that arrives in pieces: a stand-in split across two pieces is held back until whole. */
    public final class Stream {

        private final StringBuilder held = new StringBuilder();

        /** What can be passed on now, restored. */
        public String feed(String piece) {
            if (piece == null || piece.isEmpty()) {
                return piece;
            }
            held.append(piece);
            int open = held.lastIndexOf("[");
            int cut = open >= 0 && held.indexOf("]", open) < 0 && held.length() - open < LONGEST ? open : held.length();
            String ready = held.substring(0, cut);
            held.delete(0, cut);
            return restore(ready);
        }

        /** What is still held back, at the end of the reply. */
        public String flush() {
            String rest = restore(held.toString());
            held.setLength(0);
            return rest;
        }
    }
}
