package dev.llmgateway.backend;

import dev.llmgateway.model.BackendRequest;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.ToolCall;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Personal and secret data in a request, found without the client saying so:
 * <pre>
 * agents.privacy.detect=email,phone,iban,card,apiKey,privateKey   (or all; empty: off)
 * agents.privacy.onDetect=private                                 (or refuse, or mask)
 * agents.privacy.patterns.customerId=CUST-[0-9]{6}                (the operator's own, by name)
 * </pre>
 * IBANs and card numbers count only with a valid checksum (ISO 13616 mod 97, Luhn), phone numbers
 * only in international form ({@code +49 30 1234567}) or as {@code (555) 123-4567}, so that ids
 * and amounts in a prompt do not make it private. Only the detectors' names are ever reported,
 * never what they matched.
 */
public final class SensitiveData {

    /**
     * What a hit does: the request goes only to local and self-hosted backends; or is refused; or
     * goes where it is routed, with the matches replaced by stand-ins before a third-party backend
     * ({@link Placeholders}), which its reply gets back.
     */
    public enum Action { PRIVATE, REFUSE, MASK }

    private static final Map<String, Detector> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("email", new Detector(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
                match -> true));
        BUILT_IN.put("phone", new Detector(Pattern.compile("(?<![\\w+])(?:\\+[1-9][0-9 ().-]{6,18}[0-9]|\\(\\d{3}\\) ?\\d{3}-\\d{4})(?!\\w)"),
                match -> digits(match).length() >= 8));
        BUILT_IN.put("iban", new Detector(Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b"),
                SensitiveData::validIban));
        BUILT_IN.put("card", new Detector(Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)"), SensitiveData::luhn));
        BUILT_IN.put("apiKey", new Detector(Pattern.compile("\\b(?:sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}"
                + "|github_pat_[A-Za-z0-9_]{22,}|AIza[0-9A-Za-z_-]{35}|xox[abprs]-[A-Za-z0-9-]{10,})"), match -> true));
        BUILT_IN.put("privateKey", new Detector(Pattern.compile("-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"), match -> true));
    }

    private record Detector(Pattern pattern, Predicate<String> valid) {

        /** The text with each valid match replaced by its stand-in. */
        String masked(String name, String text, Placeholders placeholders) {
            Matcher matcher = pattern.matcher(text);
            StringBuilder masked = new StringBuilder(text.length());
            while (matcher.find()) {
                String match = matcher.group();
                matcher.appendReplacement(masked, Matcher.quoteReplacement(valid.test(match) ? placeholders.of(name, match) : match));
            }
            matcher.appendTail(masked);
            return masked.toString();
        }

        boolean foundIn(String text) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                if (valid.test(matcher.group())) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<String, Detector> detectors;
    private final Action action;

    private SensitiveData(Map<String, Detector> detectors, Action action) {
        this.detectors = detectors;
        this.action = action;
    }

    /**
     * The detectors of the settings; a name, action or pattern that is not one stops the start.
     *
     * @param detect   {@code agents.privacy.detect}: built-in names, comma-separated, or {@code all}
     * @param onDetect {@code agents.privacy.onDetect}: private (default) or refuse
     * @param patterns {@code agents.privacy.patterns.<name>}: name → regular expression
     */
    public static SensitiveData of(String detect, String onDetect, Map<String, String> patterns) {
        Map<String, Detector> chosen = new LinkedHashMap<>();
        for (String name : detect == null ? new String[0] : detect.split("\\s*,\\s*")) {
            if (name.isBlank()) {
                continue;
            }
            if (name.equalsIgnoreCase("all")) {
                chosen.putAll(BUILT_IN);
                continue;
            }
            String known = BUILT_IN.keySet().stream().filter(key -> key.equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("agents.privacy.detect=" + detect + ": '" + name
                            + "' is no detector; the detectors are " + String.join(", ", BUILT_IN.keySet()) + " (or all)"));
            chosen.put(known, BUILT_IN.get(known));
        }
        patterns.forEach((name, regex) -> {
            try {
                chosen.put(name, new Detector(Pattern.compile(regex), match -> true));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("agents.privacy.patterns." + name + " is not a regular expression: "
                        + e.getDescription(), e);
            }
        });
        String action = onDetect == null || onDetect.isBlank() ? "private" : onDetect.trim().toLowerCase(Locale.ROOT);
        if (!List.of("private", "refuse", "mask").contains(action)) {
            throw new IllegalArgumentException("agents.privacy.onDetect=" + onDetect + " is not private, refuse or mask");
        }
        return new SensitiveData(Map.copyOf(chosen), Action.valueOf(action.toUpperCase(Locale.ROOT)));
    }

    public static SensitiveData none() {
        return new SensitiveData(Map.of(), Action.PRIVATE);
    }

    public boolean enabled() {
        return !detectors.isEmpty();
    }

    public Action action() {
        return action;
    }

    public List<String> detectors() {
        return detectors.keySet().stream().sorted().toList();
    }

    /**
     * The names of the detectors that found something in the request's text (a chat's messages,
     * tool calls, tool results and prompt; the texts to embed), sorted; empty: none.
     */
    public List<String> find(BackendRequest request) {
        if (detectors.isEmpty()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (request instanceof ChatRequest chat) {
            for (ChatMessage message : chat.messages()) {
                texts.add(message.content());
                message.toolCalls().stream().map(ToolCall::arguments).forEach(texts::add);
            }
            if (chat.completion() != null) {
                texts.add(chat.completion().prompt());
                texts.add(chat.completion().suffix());
                texts.add(chat.completion().system());
            }
        } else if (request instanceof EmbeddingRequest embeddings) {
            embeddings.inputs().forEach(input -> texts.add(input.text()));
        }
        List<String> found = new ArrayList<>();
        detectors.forEach((name, detector) -> {
            if (texts.stream().anyMatch(text -> text != null && detector.foundIn(text))) {
                found.add(name);
            }
        });
        found.sort(null);
        return found;
    }

    /** The text with every match of every detector replaced by its stand-in; null stays null. */
    String mask(String text, Placeholders placeholders) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Map.Entry<String, Detector> detector : new java.util.TreeMap<>(detectors).entrySet()) {
            masked = detector.getValue().masked(detector.getKey(), masked, placeholders);
        }
        return masked;
    }

    private static String digits(String text) {
        return text.replaceAll("\\D", "");
    }

    /** Luhn's checksum, over 13 to 19 digits. */
    static boolean luhn(String match) {
        String digits = digits(match);
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: the first four characters moved to the end, letters as 10-35, mod 97 is 1. */
    static boolean validIban(String match) {
        String iban = match.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        StringBuilder number = new StringBuilder();
        for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
            number.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(number.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
