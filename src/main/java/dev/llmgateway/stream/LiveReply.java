package dev.llmgateway.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.Executor;

/**
 * A streamed upstream reply whose body has not been read yet: the body the {@code llm-upstream}
 * endpoint answers with for an event stream or NDJSON, which a backend codec turns into a
 * {@link DecodingChatStream}.
 *
 * @param body           the body, paused
 * @param abort          stops the call at once (resets the HTTP request, closing its connection)
 * @param onReaderThread runs a task on the thread that reads {@code body}
 */
public record LiveReply(ReadStream<Buffer> body, Runnable abort, Executor onReaderThread) {
}
