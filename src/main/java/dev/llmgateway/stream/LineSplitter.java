package dev.llmgateway.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a backend's UTF-8 byte stream into lines as it arrives, the way {@code BufferedReader.readLine}
 * does (LF, CR and CRLF end a line), each line handed on the moment its end arrives. Only the bytes
 * of an unfinished line are kept, in a buffer of 512 bytes that grows for a longer line: the frames
 * of a chat stream are mostly under 500 bytes, and 10,000 open streams should not hold 10,000 large
 * buffers.
 */
final class LineSplitter {

    /** One line longer than the longest reply the gateway holds cannot be a valid frame. */
    static final int MAX_LINE_BYTES = ChatAggregator.MAX_CHARS;

    private byte[] partial = new byte[512];
    private int length;                 // bytes of the unfinished line in partial
    private boolean skipLineFeed;       // the last line ended with CR: a LF right after it belongs to it

    /** Hands each line {@code bytes} completes to {@code lines}, without its end. */
    void feed(byte[] bytes, Consumer<String> lines) throws IOException {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    start = i + 1;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                lines.accept(line(bytes, start, i));
                start = i + 1;
                skipLineFeed = b == '\r';
            }
        }
        keep(bytes, start, bytes.length);
    }

    /** At the end of the stream: the last line when it had no line end, else null. */
    String finish() {
        if (length == 0) {
            return null;
        }
        String last = new String(partial, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return last;
    }

    private String line(byte[] bytes, int from, int to) throws IOException {
        if (length == 0) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        keep(bytes, from, to);
        String line = new String(partial, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return line;
    }

    private void keep(byte[] bytes, int from, int to) throws IOException {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (length + n > MAX_LINE_BYTES) {
            throw new IOException("a line of the backend's stream is longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (length + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.min(Math.max(partial.length * 2, length + n), MAX_LINE_BYTES));
        }
        System.arraycopy(bytes, from, partial, length, n);
        length += n;
    }
}
