package dev.llmgateway.stream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A body that arrives the way a slow network delivers it: 1 to 3 bytes per read, so lines (and
 * UTF-8 characters) are split across reads.
 */
public final class TrickleInputStream extends InputStream {

    private final byte[] bytes;
    private int position;
    private int reads;

    public TrickleInputStream(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(length, 1 + reads++ % 3), bytes.length - position);
        System.arraycopy(bytes, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return 0;
    }
}
