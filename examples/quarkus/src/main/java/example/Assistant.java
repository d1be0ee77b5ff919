package example;

import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Role;
import dev.llmgateway.stream.ChatStream;
import java.util.List;

/** The host's own bean: a question in, the gateway's internal request out, and back to text. */
public class Assistant {

    public ChatRequest ask(String question) {
        return new ChatRequest(null, List.of(ChatMessage.of(Role.USER, question)), null, null, null, false);
    }

    public String answer(ChatStream reply) {
        return reply.relay(chunk -> { }).message().content();
    }
}
