package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

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
    void should_return_what_follows_the_last_line_end_and_then_null() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("x\ny".getBytes(StandardCharsets.UTF_8)));
        assertThat(reader.readLine()).isEqualTo("x");
        assertThat(reader.readLine()).isEqualTo("y");
        assertThat(reader.readLine()).isNull();
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void should_refuse_a_line_longer_than_the_longest_reply() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertThatThrownBy(() -> new LineReader(endless).readLine())
                .isInstanceOf(IOException.class).hasMessageContaining("longer than " + LineReader.MAX_LINE_BYTES);
    }

    /** The lines of {@code text}, handed to the reader at most {@code perRead} bytes at a time. */
    private static List<String> lines(String text, int perRead) throws IOException {
        InputStream trickle = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, perRead));
            }
        };
        LineReader reader = new LineReader(trickle);
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
