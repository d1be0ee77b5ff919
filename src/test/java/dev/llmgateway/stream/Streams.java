package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test helpers shared by the frame decoder tests: read a stream out, fold chunks into a reply. */
public final class Streams {

    private Streams() {
    }

    public static List<ChatChunk> drain(Iterator<ChatChunk> stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);
        return chunks;
    }

    public static ChatResponse aggregate(List<ChatChunk> chunks) {
        ChatAggregator aggregator = new ChatAggregator();
        chunks.forEach(aggregator::append);
        return aggregator.build();
    }
}
