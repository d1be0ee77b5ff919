package dev.llmgateway.backend;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.TransformedChatStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A masked request's reply with the masked values put back ({@link Placeholders}), in the text,
 * the thinking and the tool calls' arguments, streamed or whole: a stand-in split across two chunks
 * ({@code "Sent to [EMA"}, {@code "IL_1]."}) is held back until it is whole, and whatever is held
 * when the reply finishes goes out with its last chunk.
 */
final class RestoringChatStream extends TransformedChatStream {

    private final Placeholders placeholders;
    private final Placeholders.Stream content;
    private final Placeholders.Stream thinking;
    private final Map<Integer, Placeholders.Stream> arguments = new TreeMap<>();

    RestoringChatStream(ChatStream upstream, Placeholders placeholders) {
        super(upstream);
        this.placeholders = placeholders;
        this.content = placeholders.new Stream();
        this.thinking = placeholders.new Stream();
    }

    /** The chunk with its stand-ins restored; null when all it held is held back. */
    @Override
    protected ChatChunk transform(ChatChunk chunk) {
        boolean last = chunk.finishReason() != null;
        String text = join(content.feed(chunk.content()), last ? content.flush() : null);
        String thought = join(thinking.feed(chunk.thinking()), last ? thinking.flush() : null);
        List<ToolCallDelta> calls = new ArrayList<>();
        for (ToolCallDelta call : chunk.toolCalls()) {
            String args = arguments.computeIfAbsent(call.index(), index -> placeholders.new Stream()).feed(call.arguments());
            calls.add(new ToolCallDelta(call.index(), call.id(), call.name(), args));
        }
        if (last) {
            arguments.forEach((index, stream) -> {
                String rest = stream.flush();
                if (!rest.isEmpty()) {
                    calls.add(new ToolCallDelta(index, null, null, rest));
                }
            });
        }
        boolean empty = (text == null || text.isEmpty()) && (thought == null || thought.isEmpty()) && calls.isEmpty()
                && !last && chunk.usage() == null && chunk.signature() == null && chunk.redactedThinking() == null
                && chunk.anthropicContent() == null && (chunk.hasText() || !chunk.toolCalls().isEmpty());
        if (empty) {
            return null;
        }
        return new ChatChunk(text, thought, calls, chunk.finishReason(), chunk.usage(), chunk.model(), chunk.signature(),
                chunk.redactedThinking(), Masking.json(chunk.anthropicContent(), placeholders::restore));
    }

    private static String join(String ready, String rest) {
        if (rest == null || rest.isEmpty()) {
            return ready;
        }
        return ready == null ? rest : ready + rest;
    }
}
