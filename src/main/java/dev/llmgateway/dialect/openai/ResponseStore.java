package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmgateway.config.Durations;
import dev.llmgateway.model.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * The Responses API's stored responses ({@code store}, true unless the client says otherwise), for
 * {@code previous_response_id}, {@code GET} and {@code DELETE /v1/responses/{id}}: in memory, at
 * most {@code gateway.responses.maxStored}, each for {@code gateway.responses.ttl} after it was
 * made (Caffeine evicts the rest). A response is found only with the key that made it (none, when
 * the gateway asks for no key), and a private one keeps the conversation that continues it private.
 */
public class ResponseStore {

    /** What a stored response keeps: its JSON, and the conversation a following response continues. */
    record Stored(String owner, boolean isPrivate, List<ChatMessage> conversation, ObjectNode response) {
    }

    private final Cache<String, Stored> responses;

    public ResponseStore(long maxStored, String ttl) {
        responses = Caffeine.newBuilder().maximumSize(maxStored)
                .expireAfterWrite(Durations.parse("gateway.responses.ttl", ttl)).build();
    }

    void put(String id, Stored stored) {
        responses.put(id, stored);
    }

    Optional<Stored> find(String id, String owner) {
        Stored stored = id == null ? null : responses.getIfPresent(id);
        return stored != null && stored.owner().equals(owner) ? Optional.of(stored) : Optional.empty();
    }

    boolean delete(String id, String owner) {
        return find(id, owner).map(found -> responses.asMap().remove(id) != null).orElse(false);
    }
}
