package dev.llmgateway.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens locally with a real BPE tokenizer (JTokkit, OpenAI's {@code o200k_base}), for
 * backends that have no counting API of their own. The model behind the backend has a tokenizer of
 * its own, so the count is an estimate, and is marked as one where it is answered.
 */
public final class TokenEstimator {

    /** The tokenizer's name, as the answer's header states it. */
    public static final String TOKENIZER = "o200k_base";

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private TokenEstimator() {
    }

    /** The tokens of {@code text}, special-token names counted as plain text. */
    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }
}
