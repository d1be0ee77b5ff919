package dev.llmgateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines of a backend's UTF-8 stream as {@code BufferedReader.readLine} does (LF, CR and
 * CRLF end a line), from a buffer of 512 bytes that grows only for a longer line. A
 * {@code BufferedReader} over an {@code InputStreamReader} holds 24 KB per open stream whatever its
 * frames are, 240 MB for 10,000 streams; the frames of a chat stream are mostly under 500 bytes.
 * A read returns as soon as bytes arrive, so each frame is handed on the moment it is complete.
 */
final class LineReader {

    /** One line longer than the longest reply the gateway holds cannot be a valid frame. */
    static final int MAX_LINE_BYTES = ChatAggregator.MAX_CHARS;

    private final InputStream in;
    private byte[] buffer = new byte[512];
    private int start;
    private int end;
    private boolean skipLineFeed;       // the last line ended with CR: a LF right after it belongs to it

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its end, or null at the end of the stream. */
    String readLine() throws IOException {
        int scanned = 0;                // bytes after start known to hold no line end
        while (true) {
            if (skipLineFeed && start < end) {
                skipLineFeed = false;
                if (buffer[start] == '\n') {
                    start++;
                }
            }
            for (int i = start + scanned; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    skipLineFeed = b == '\r';
                    return line;
                }
            }
            scanned = end - start;
            if (!fill()) {
                if (start == end) {
                    return null;
                }
                String last = new String(buffer, start, end - start, StandardCharsets.UTF_8);
                start = end;
                return last;
            }
        }
    }

    /** Reads more bytes after the unread ones, making room first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (end == buffer.length) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            } else {
                if (buffer.length >= MAX_LINE_BYTES) {
                    throw new IOException("a line of the backend's stream is longer than " + MAX_LINE_BYTES + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES));
            }
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }
}
