package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DecodingChatStreamTest {

    /** Text frames become content, "skip" is a keep-alive, "end" finishes, "stop" finishes without ending. */
    private static final class ScriptDecoder implements FrameDecoder {
        private final List<String> seen = new ArrayList<>();
        private boolean ended;
        private boolean complete;

        @Override
        public ChatChunk decode(String data, String event) {
            seen.add(event == null ? data : event + ":" + data);
            switch (data) {
                case "skip" -> {
                    return null;
                }
                case "end" -> {
                    ended = true;
                    complete = true;
                    return null;
                }
                case "stop" -> {
                    complete = true;
                    return new ChatChunk(null, null, null, FinishReason.STOP, null, null);
                }
                default -> {
                    return new ChatChunk(data, null, null, null, null, null);
                }
            }
        }

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public boolean complete() {
            return complete;
        }
    }

    private static DecodingChatStream stream(TrickleReadStream body, FrameDecoder decoder, Framing framing, String backend) {
        return new DecodingChatStream(body, body::abort, Runnable::run, framing, decoder, backend, null);
    }

    @Test
    void should_skip_null_chunks_and_stop_decoding_once_the_decoder_ended() {
        // given
        ScriptDecoder decoder = new ScriptDecoder();
        TrickleReadStream body = new TrickleReadStream("Hel\nskip\nlo\nend\nnever decoded\n");
        DecodingChatStream stream = stream(body, decoder, Framing.NDJSON, "test");

        // when
        List<String> contents = new ArrayList<>();
        stream.forEachRemaining(chunk -> contents.add(chunk.content()));
        stream.close();

        // then: the rest is read and dropped, and the connection is not reset (it can serve another call)
        assertThat(contents).containsExactly("Hel", "lo");
        assertThat(decoder.seen).containsExactly("Hel", "skip", "lo", "end");
        assertThat(body.aborted()).isFalse();
        assertThat(stream.hasNext()).isFalse();
        assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void should_pass_the_sse_event_name_to_the_decoder() {
        // given
        ScriptDecoder decoder = new ScriptDecoder();
        String body = "event: delta\ndata: Hi\n\ndata: stop\n\n";
        DecodingChatStream stream = stream(new TrickleReadStream(body), decoder, Framing.SSE, "test");

        // when
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);

        // then
        assertThat(decoder.seen).containsExactly("delta:Hi", "stop");
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hi", null);
        assertThat(chunks.get(1).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void should_accept_the_end_of_the_body_after_the_reply_is_complete() {
        // given: a finish but no end marker (old TGI without [DONE])
        DecodingChatStream stream = stream(new TrickleReadStream("Hi\nstop\n"), new ScriptDecoder(), Framing.NDJSON, "test");

        // when
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);

        // then
        assertThat(chunks).hasSize(2);
    }

    @Test
    void should_fail_with_502_when_the_body_ends_before_the_reply_is_complete() {
        // given
        DecodingChatStream stream = stream(new TrickleReadStream("Hel\nlo\n"), new ScriptDecoder(), Framing.NDJSON, "ollama");

        // when
        List<String> contents = new ArrayList<>();
        contents.add(stream.next().content());
        contents.add(stream.next().content());

        // then
        assertThat(contents).containsExactly("Hel", "lo");
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'ollama' answered 502: the stream ended before the reply was complete")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(502));
    }

    @Test
    void should_fail_with_502_when_the_connection_breaks() {
        // given
        TrickleReadStream broken = new TrickleReadStream("Hel\n", new IOException("Connection reset"));
        DecodingChatStream stream = stream(broken, new ScriptDecoder(), Framing.SSE, "lmStudio");

        // when / then
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: the stream broke off: Connection reset");
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void should_push_each_chunk_then_the_end_to_a_sink() {
        // given
        DecodingChatStream stream = stream(new TrickleReadStream("Hel\nlo\nstop\n"), new ScriptDecoder(), Framing.NDJSON, "test");
        List<String> events = new ArrayList<>();

        // when
        stream.start(new ChatSink() {
            @Override
            public void chunk(ChatChunk chunk) {
                events.add(String.valueOf(chunk.content()));
            }

            @Override
            public void end() {
                events.add("end");
            }

            @Override
            public void fail(RuntimeException error) {
                events.add("fail " + error.getMessage());
            }
        });

        // then
        assertThat(events).containsExactly("Hel", "lo", "null", "end");
    }

    @Test
    void should_stop_reading_the_upstream_while_a_reader_does_not_take_the_chunks() {
        // given: 1,000 chunks, and a reader that takes one and then waits
        TrickleReadStream body = new TrickleReadStream("x\n".repeat(1_000) + "stop\n");
        DecodingChatStream stream = stream(body, new ScriptDecoder(), Framing.NDJSON, "test");

        // when
        stream.next();

        // then: paused with a few dozen chunks waiting, not the whole reply
        assertThat(body.paused()).isTrue();
        assertThat(body.delivered()).isLessThan(200);

        // and reading on resumes it to the end
        List<ChatChunk> rest = new ArrayList<>();
        stream.forEachRemaining(rest::add);
        assertThat(rest).hasSize(1_000);
    }

    @Test
    void should_end_with_a_cancelled_chunk_and_reset_the_call_when_cancelled() {
        // given
        TrickleReadStream body = new TrickleReadStream("x\n".repeat(1_000) + "stop\n");
        DecodingChatStream stream = stream(body, new ScriptDecoder(), Framing.NDJSON, "test");
        stream.next();

        // when
        stream.cancel();
        List<ChatChunk> rest = new ArrayList<>();
        stream.forEachRemaining(rest::add);

        // then: what was already decoded, then the cancellation
        assertThat(body.aborted()).isTrue();
        assertThat(rest).isNotEmpty().hasSizeLessThan(200);
        assertThat(rest.get(rest.size() - 1).finishReason()).isEqualTo(FinishReason.CANCELLED);
    }

    @Test
    void should_reset_the_call_when_closed_before_the_reply_ended() {
        // given
        TrickleReadStream body = new TrickleReadStream("x\n".repeat(1_000) + "stop\n");
        DecodingChatStream stream = stream(body, new ScriptDecoder(), Framing.NDJSON, "test");
        stream.next();

        // when
        stream.close();

        // then
        assertThat(body.aborted()).isTrue();
    }
}
