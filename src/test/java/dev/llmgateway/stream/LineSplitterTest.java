package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void should_end_lines_at_lf_cr_and_crlf_as_buffered_reader_does() throws IOException {
        assertThat(lines("a\nb\rc\r\nd\n\ne", 64)).containsExactly("a", "b", "c", "d", "", "e");
        assertThat(lines("a\r\r\nb", 64)).containsExactly("a", "", "b");
    }

    @Test
    void should_keep_a_crlf_whole_when_a_read_ends_between_cr_and_lf() throws IOException {
        // one byte per read: every CR is the last byte of its read
        assertThat(lines("data: x\r\n\r\ndata: y\r\n", 1)).containsExactly("data: x", "", "data: y");
    }

    @Test
    void should_read_lines_longer_than_its_first_buffer_across_many_reads() throws IOException {
        String arguments = "{\"city\":\"" + "Zürich €".repeat(2_000) + "\"}";     // 22 KB, multi-byte characters cut by reads
        assertThat(lines("data: " + arguments + "\n\ndata: [DONE]\n", 1000))
                .containsExactly("data: " + arguments, "", "data: [DONE]");
    }

    @Test
    void should_hand_on_what_follows_the_last_line_end_at_the_finish() throws IOException {
        LineSplitter splitter = new LineSplitter();
        List<String> lines = new ArrayList<>();
        splitter.feed("x\ny".getBytes(StandardCharsets.UTF_8), lines::add);
        assertThat(lines).containsExactly("x");
        assertThat(splitter.finish()).isEqualTo("y");
        assertThat(splitter.finish()).isNull();
    }

    @Test
    void should_refuse_a_line_longer_than_the_longest_reply() throws IOException {
        LineSplitter splitter = new LineSplitter();
        byte[] megabyte = new byte[1 << 20];
        java.util.Arrays.fill(megabyte, (byte) 'x');
        for (int i = 0; i < LineSplitter.MAX_LINE_BYTES / megabyte.length; i++) {
            splitter.feed(megabyte, line -> { });
        }
        assertThatThrownBy(() -> splitter.feed(new byte[] {'x'}, line -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than " + LineSplitter.MAX_LINE_BYTES);
    }

    /** The lines of {@code text}, handed to the splitter at most {@code perRead} bytes at a time. */
    private static List<String> lines(String text, int perRead) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter();
        List<String> lines = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += perRead) {
            splitter.feed(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + perRead)), lines::add);
        }
        String last = splitter.finish();
        if (last != null) {
            lines.add(last);
        }
        return lines;
    }
}
