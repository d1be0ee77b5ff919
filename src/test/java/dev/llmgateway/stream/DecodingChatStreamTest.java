package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static final class TrackingStream extends ByteArrayInputStream {
        private boolean closed;

        TrackingStream(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @Test
    void should_skip_null_chunks_and_stop_reading_once_the_decoder_ended() {
        // given
        ScriptDecoder decoder = new ScriptDecoder();
        TrackingStream body = new TrackingStream("Hel\nskip\nlo\nend\nnever read\n");
        DecodingChatStream stream = new DecodingChatStream(body, Framing.NDJSON, decoder, "test");

        // when
        List<String> contents = new ArrayList<>();
        stream.forEachRemaining(chunk -> contents.add(chunk.content()));

        // then
        assertThat(contents).containsExactly("Hel", "lo");
        assertThat(decoder.seen).containsExactly("Hel", "skip", "lo", "end");
        assertThat(body.closed).isTrue();
        assertThat(stream.hasNext()).isFalse();
        assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void should_pass_the_sse_event_name_to_the_decoder() {
        // given
        ScriptDecoder decoder = new ScriptDecoder();
        String body = "event: delta\ndata: Hi\n\ndata: stop\n\n";
        DecodingChatStream stream = new DecodingChatStream(new TrickleInputStream(body), Framing.SSE, decoder, "test");

        // when
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);

        // then
        assertThat(decoder.seen).containsExactly("delta:Hi", "stop");
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hi", null);
        assertThat(chunks.get(1).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void should_accept_eof_after_the_reply_is_complete() {
        // given: a finish but no end marker (old TGI without [DONE])
        TrackingStream body = new TrackingStream("Hi\nstop\n");
        DecodingChatStream stream = new DecodingChatStream(body, Framing.NDJSON, new ScriptDecoder(), "test");

        // when
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);

        // then
        assertThat(chunks).hasSize(2);
        assertThat(body.closed).isTrue();
    }

    @Test
    void should_fail_with_502_when_the_body_ends_before_the_reply_is_complete() {
        // given
        TrackingStream body = new TrackingStream("Hel\nlo\n");
        DecodingChatStream stream = new DecodingChatStream(body, Framing.NDJSON, new ScriptDecoder(), "ollama");

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
        assertThat(body.closed).isTrue();
    }

    @Test
    void should_fail_with_502_when_the_connection_breaks() {
        // given
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        };
        DecodingChatStream stream = new DecodingChatStream(broken, Framing.SSE, new ScriptDecoder(), "lmStudio");

        // when / then
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: the stream broke off: Connection reset");
        assertThat(stream.hasNext()).isFalse();
    }
}
