package dev.llmgateway.security;

import java.util.regex.Pattern;

/**
 * Takes keys out of text that came from a backend before a client or a log sees it. Providers
 * quote the key they were sent in their errors; OpenAI's 401 says
 * {@code Incorrect API key provided: sk-proj-AbC…}. Removed: the backend's own key wherever it
 * appears, and anything shaped like a credential, whoever's it is:
 * <pre>
 * Authorization: Bearer eyJhbGciOi…   →  Bearer ***
 * sk-ant-api03-…, sk-proj-…, AIzaSy…, hf_…, gsk_…, xai-…, ghp_…, AKIA…   →  ***
 * ?key=AIzaSy…&amp;api_key=…            →  ?key=***&amp;api_key=***
 * </pre>
 */
public final class Secrets {

    public static final String MASK = "***";

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern TOKEN = Pattern.compile(
            "\\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}"                       // OpenAI, Anthropic (sk-ant-…), others
                    + "|\\bAIza[0-9A-Za-z_-]{20,}"                      // Google
                    + "|\\b(?:hf|gsk|ghp|gho|ghs|github_pat|glpat|xox[bpas])_[A-Za-z0-9_-]{10,}"
                    + "|\\bxai-[A-Za-z0-9_-]{10,}"
                    + "|\\bAKIA[0-9A-Z]{16}\\b"
                    + "|\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*");   // JWT
    private static final Pattern QUERY_KEY = Pattern.compile("(?i)([?&](?:key|api_key|apikey|token|access_token)=)[^&\\s\"']+");

    private Secrets() {
    }

    /** The text without the given keys (at least 4 characters long) and without credential-shaped tokens. */
    public static String scrub(String text, String... keys) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String key : keys) {
            if (key != null && key.strip().length() >= 4) {
                scrubbed = scrubbed.replace(key.strip(), MASK);
            }
        }
        scrubbed = BEARER.matcher(scrubbed).replaceAll("$1 " + MASK);
        scrubbed = QUERY_KEY.matcher(scrubbed).replaceAll("$1" + MASK);
        return TOKEN.matcher(scrubbed).replaceAll(MASK);
    }
}
