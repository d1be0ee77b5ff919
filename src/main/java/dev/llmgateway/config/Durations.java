package dev.llmgateway.config;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/**
 * Every time setting of the gateway is a duration with its unit: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 1h30m}. A bare number is refused, naming the setting, because it would have
 * to mean milliseconds here and seconds there; so is anything else that is no duration.
 */
public final class Durations {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+\\s*(ms|s|m|h|d)\\s*)+", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** The duration of {@code key}'s {@code value}; an IllegalArgumentException that names both when it is none. */
    public static Duration parse(String key, String value) {
        String text = value == null ? "" : value.trim();
        if (!WITH_UNIT.matcher(text).matches()) {
            throw new IllegalArgumentException(key + "=" + value + " is not a duration: give a number with its unit, "
                    + "e.g. 250ms, 30s, 5m or 1h30m");
        }
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text.replace(" ", "")));
    }
}
