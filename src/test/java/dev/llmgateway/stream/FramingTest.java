package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {

    @Test
    void should_read_sse_data_with_and_without_the_space_after_the_colon() throws IOException {
        // given
        String body = """
                data: {"a":1}

                data:{"b":2}

                """;

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"a\":1}"),
                new Framing.Frame(null, "{\"b\":2}"));
    }

    @Test
    void should_strip_only_one_space_after_the_colon() throws IOException {
        // given
        String body = "data:  two spaces\n\n";

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(new Framing.Frame(null, " two spaces"));
    }

    @Test
    void should_join_multi_line_sse_data_with_newlines() throws IOException {
        // given
        String body = """
                data: {"choices":
                data: [{"index":0}]}
                data:

                """;

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(new Framing.Frame(null, "{\"choices\":\n[{\"index\":0}]}\n"));
    }

    @Test
    void should_skip_comment_lines_and_unknown_fields() throws IOException {
        // given: llama-server pings during prompt processing, TGI/axum keep-alives
        String body = """
                : ping

                :
                id: 7
                retry: 3000
                data: {"x":1}

                : ping - 2025-07-07 20:32:53.811531+00:00

                data: [DONE]

                """;

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"x\":1}"),
                new Framing.Frame(null, "[DONE]"));
    }

    @Test
    void should_accept_crlf_line_endings() throws IOException {
        // given
        String body = "data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\ndata: {\"c\":3}\r\n\r\n";

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"a\":1}"),
                new Framing.Frame(null, "{\"b\":2}\n{\"c\":3}"));
    }

    @Test
    void should_carry_the_event_name_and_reset_it_per_event() throws IOException {
        // given: Anthropic-style named events, then a data-only event
        String body = """
                event: message_start
                data: {"type":"message_start"}

                event: ping
                data: {"type": "ping"}

                data: {"plain":true}

                """;

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame("message_start", "{\"type\":\"message_start\"}"),
                new Framing.Frame("ping", "{\"type\": \"ping\"}"),
                new Framing.Frame(null, "{\"plain\":true}"));
    }

    @Test
    void should_drop_an_event_name_without_data() throws IOException {
        // given
        String body = """
                event: keepalive

                data: {"a":1}

                """;

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(new Framing.Frame(null, "{\"a\":1}"));
    }

    @Test
    void should_return_a_final_event_without_a_trailing_blank_line() throws IOException {
        // given
        String body = "data: {\"a\":1}\n\ndata: [DONE]";

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"a\":1}"),
                new Framing.Frame(null, "[DONE]"));
    }

    @Test
    void should_return_nothing_for_an_empty_sse_body() throws IOException {
        // when
        List<Framing.Frame> frames = frames(Framing.SSE, ": ping\n\n");

        // then
        assertThat(frames).isEmpty();
    }

    @Test
    void should_read_sse_events_split_across_reads() throws IOException {
        // given
        String body = "data: {\"content\":\"21°C\"}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n";

        // when
        List<Framing.Frame> frames = frames(Framing.SSE, body, 2);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"content\":\"21°C\"}"),
                new Framing.Frame(null, "[DONE]"));
    }

    @Test
    void should_read_ndjson_lines_split_across_reads_and_skip_blank_lines() throws IOException {
        // given
        String body = """
                {"message":{"role":"assistant","content":"Température: 21°C"},"done":false}

                {"message":{"role":"assistant","content":""},"done":true}
                \s\s
                """;

        // when
        List<Framing.Frame> frames = frames(Framing.NDJSON, body, 3);

        // then
        assertThat(frames).containsExactly(
                new Framing.Frame(null, "{\"message\":{\"role\":\"assistant\",\"content\":\"Température: 21°C\"},\"done\":false}"),
                new Framing.Frame(null, "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}"));
    }

    @Test
    void should_read_an_ndjson_last_line_without_newline() throws IOException {
        // when
        List<Framing.Frame> frames = frames(Framing.NDJSON, "{\"a\":1}\r\n{\"b\":2}");

        // then
        assertThat(frames).containsExactly(new Framing.Frame(null, "{\"a\":1}"), new Framing.Frame(null, "{\"b\":2}"));
    }

    private static List<Framing.Frame> frames(Framing framing, String body) throws IOException {
        return frames(framing, body, Integer.MAX_VALUE);
    }

    /** The frames of {@code body} arriving {@code perRead} bytes at a time, so lines and characters are cut. */
    private static List<Framing.Frame> frames(Framing framing, String body, int perRead) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        LineSplitter lines = new LineSplitter();
        Framing.Parser parser = framing.parser();
        List<Framing.Frame> frames = new ArrayList<>();
        java.util.function.Consumer<String> toFrames = line -> {
            Framing.Frame frame = parser.line(line);
            if (frame != null) {
                frames.add(frame);
            }
        };
        for (int from = 0; from < bytes.length; from += perRead) {
            lines.feed(Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, (long) from + perRead)), toFrames);
        }
        String last = lines.finish();
        if (last != null) {
            toFrames.accept(last);
        }
        Framing.Frame pending = parser.end();
        if (pending != null) {
            frames.add(pending);
        }
        return frames;
    }
}
