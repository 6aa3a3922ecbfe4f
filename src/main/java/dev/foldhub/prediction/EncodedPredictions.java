package dev.foldhub.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Predictions (rows x classes, row-major) already in the stored encoding, float16 little-endian: what an import
 * streams from a .npy file straight into the store, 2 bytes a value, without a float[] of the whole matrix.
 */
public record EncodedPredictions(int rows, int classes, byte[] float16) {

    private static final int CHUNK = 1 << 16; // a multiple of 8: whole float32 and float64 values per chunk

    public EncodedPredictions {
        if ((long) rows * classes * 2 != float16.length) {
            throw new IllegalArgumentException("expected " + rows + " x " + classes + " float16 values, got "
                    + float16.length + " bytes");
        }
    }

    /** The stored encoding of float predictions (as {@link OofStore#save} writes them). */
    public static EncodedPredictions of(float[] values, int rows, int classes) {
        return new EncodedPredictions(rows, classes, FloatCodec.encode(values));
    }

    /**
     * Reads a .npy file's data from a stream positioned after its header (see {@link Npy#readFloat2dHeader}),
     * value by value as float32 + add, rounded to float16: the same bits as {@code Float16.fromFloat(v + add)} of
     * {@link Npy#readFloat2d}'s values. A stream that ends early is an IllegalArgumentException saying so.
     */
    public static EncodedPredictions readNpyData(InputStream in, Npy.Float2dHeader header, float add) throws IOException {
        long values = header.count();
        if (values * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("npy: array of " + values + " values is too large to store");
        }
        byte[] out = new byte[(int) (values * 2)];
        byte[] chunk = new byte[CHUNK];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int width = header.width();
        long read = 0;
        int o = 0;
        while (read < header.dataBytes()) {
            int want = (int) Math.min(CHUNK, header.dataBytes() - read);
            int n = in.readNBytes(chunk, 0, want);
            if (n < want) {
                throw Npy.truncated(header.dataBytes(), read + n);
            }
            read += n;
            for (int i = 0; i < n; i += width, o += 2) {
                float v = width == 4 ? view.getFloat(i) : (float) view.getDouble(i);
                int h = Float16.fromFloat(v + add); // probability = (probability - threshold) + threshold
                out[o] = (byte) h;
                out[o + 1] = (byte) (h >>> 8);
            }
        }
        return new EncodedPredictions(header.rows(), header.cols(), out);
    }

    /** Row r's values as floats, minus subtract, into the first classes entries of into. */
    public void decodeRow(int r, float subtract, float[] into) {
        Float16.decodeRow(float16, r, classes, subtract, into);
    }
}
