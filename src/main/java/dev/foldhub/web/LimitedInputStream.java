package dev.foldhub.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that fails once more than {@code maxBytes} have come through it, never asking the stream below for more
 * than one byte past the limit (so an over-limit body is cut off right there). What it throws is the caller's.
 */
final class LimitedInputStream extends FilterInputStream {

    /** Throws what passing the limit means to the caller (a 413 of its kind). */
    @FunctionalInterface
    interface Overflow {
        void passed() throws IOException;
    }

    private final long maxBytes;
    private final Overflow overflow;
    private long read;

    LimitedInputStream(InputStream in, long maxBytes, Overflow overflow) {
        super(in);
        this.maxBytes = maxBytes;
        this.overflow = overflow;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, maxBytes + 1 - read));
        count(Math.max(n, 0));
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, maxBytes + 1 - read));
        count(skipped);
        return skipped;
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > maxBytes) {
            overflow.passed();
        }
    }
}
