package dev.foldhub.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A stored fold's rows read in order from the database's stream, a few at a time: a loader holds each member's next
 * rows in a small reused buffer instead of the whole fold (tens of MB a member and fold at full iMet scale, fresh heap
 * the first time a server reads them). Not thread-safe: one thread reads one stream at a time.
 */
public final class StoredRowStream {

    private final long experimentId;
    private final int fold;
    private final double threshold;
    private final int rows;
    private final int classes;
    private final String encoding;
    private final int rowBytes;
    private final InputStream in;
    private int read;

    StoredRowStream(long experimentId, int fold, double threshold, int rows, int classes, String encoding,
                    InputStream in) {
        int total = StoredOof.readableBytes(experimentId, fold, rows, classes, encoding);
        this.experimentId = experimentId;
        this.fold = fold;
        this.threshold = threshold;
        this.rows = rows;
        this.classes = classes;
        this.encoding = encoding;
        this.rowBytes = rows == 0 ? 0 : total / rows;
        this.in = in;
    }

    public long experimentId() {
        return experimentId;
    }

    public double threshold() {
        return threshold;
    }

    public int rows() {
        return rows;
    }

    public int classes() {
        return classes;
    }

    /** The bytes of n rows: the size of a buffer {@link #next} fills with them. */
    private long bytes(int n) {
        return (long) n * rowBytes;
    }

    /**
     * The next n rows, read into buffer when it holds them (else into a new array), as a StoredOof of n rows whose row
     * 0 is the stream's next row.
     */
    public StoredOof next(int n, byte[] buffer) {
        if (n < 0 || n > rows - read) {
            throw new IllegalArgumentException("experiment " + experimentId + " fold " + fold + ": " + n
                    + " rows asked after " + read + " of " + rows);
        }
        int length = (int) bytes(n);
        byte[] data = buffer != null && buffer.length >= length ? buffer : new byte[length];
        try {
            if (in.readNBytes(data, 0, length) != length) {
                throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": stored data ends"
                        + " before row " + (read + n) + " of " + rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("experiment " + experimentId + " fold " + fold + ": reading stored data", e);
        }
        read += n;
        return new StoredOof(experimentId, fold, threshold, n, classes, encoding, data);
    }

    /** Checks that every row was read and nothing follows them. */
    public void finish() {
        try {
            if (read != rows || in.read() >= 0) {
                throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": stored data is not "
                        + bytes(rows) + " bytes long, or " + read + " of " + rows + " rows were read");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("experiment " + experimentId + " fold " + fold + ": reading stored data", e);
        }
    }

    void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was lost: the stream was only read
        }
    }
}
