package dev.foldhub.prediction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A fold's OOF predictions as stored (float16, or float32 for rows written before V3), read row by row: a blend's
 * loader holds each member's stored bytes (2 bytes a value) instead of a float[] of the fold and a centered copy.
 * The first {@code rows * classes} values of data are the fold's; data may be longer (a buffer reused fold after fold).
 */
public record StoredOof(long experimentId, int fold, double threshold, int rows, int classes, String encoding,
                        byte[] data) {

    /** Four little-endian float16 values at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x7fff_7fff_7fff_7fffL;
    private static final long SIGN_BITS = 0x8000_8000_8000_8000L;
    private static final long EACH_LANE = 0x0001_0001_0001_0001L;

    public StoredOof {
        long needed = bytes(rows, classes, encoding);
        if (needed < 0) {
            throw new IllegalStateException("unknown prediction encoding " + encoding);
        }
        if (data.length < needed) {
            throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": expected " + rows + " x "
                    + classes + " values in " + encoding + ", got " + data.length + " bytes");
        }
    }

    /** Probabilities (rows x classes, row by row) held as the store holds them: float16, little-endian. */
    public static StoredOof ofFloat16(long experimentId, int fold, double threshold, int rows, int classes,
                                      float[] probabilities) {
        return new StoredOof(experimentId, fold, threshold, rows, classes, FloatCodec.FLOAT16,
                Float16.encodeLittleEndian(probabilities));
    }

    /**
     * The bytes of a stored fold of rows x classes values in an encoding, as one array can hold them; an
     * IllegalStateException naming the fold when they cannot be read (an unknown encoding, too many bytes for an array).
     */
    static int readableBytes(long experimentId, int fold, int rows, int classes, String encoding) {
        long length = bytes(rows, classes, encoding);
        if (rows < 0 || length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": " + rows + " x "
                    + classes + " values in " + encoding + " cannot be read");
        }
        return (int) length;
    }

    /** The bytes of rows x classes values in an encoding; -1 for an unknown encoding. */
    public static long bytes(int rows, int classes, String encoding) {
        int width = FloatCodec.FLOAT16.equals(encoding) ? 2 : FloatCodec.FLOAT32.equals(encoding) ? 4 : 0;
        return width == 0 ? -1 : (long) rows * classes * width;
    }

    /** Row r's probabilities minus subtract (as {@link OofPrediction#centered()} computes them), into into[0..classes). */
    public void decodeRow(int r, float subtract, float[] into) {
        if (FloatCodec.FLOAT16.equals(encoding)) {
            Float16.decodeRow(data, r, classes, subtract, into);
            return;
        }
        ByteBuffer values = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0, b = r * classes * 4; c < classes; c++, b += 4) {
            into[c] = values.getFloat(b) - subtract;
        }
    }

    /** As {@link #decodeRow} for the classes listed[0..count) only: into[c] for each listed c, the rest untouched. */
    public void decodeAt(int r, int[] listed, int count, float subtract, float[] into) {
        if (FloatCodec.FLOAT16.equals(encoding)) {
            int row = r * classes;
            for (int j = 0; j < count; j++) {
                int c = listed[j];
                int b = (row + c) * 2;
                into[c] = Float16.toFloat((short) ((data[b] & 0xff) | (data[b + 1] & 0xff) << 8)) - subtract;
            }
            return;
        }
        ByteBuffer values = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < count; j++) {
            int c = listed[j];
            into[c] = values.getFloat((r * classes + c) * 4) - subtract;
        }
    }

    /**
     * The stored bits at or under which a value v surely has v - subtract <= bound (float arithmetic, as
     * {@link #decodeRow} subtracts), for {@link #markAbove}; -1 when no stored value can be ruled out that way.
     */
    public int screenBits(float subtract, float bound) {
        return FloatCodec.FLOAT16.equals(encoding) ? Float16.highestWithDifferenceAtMost(subtract, bound) : -1;
    }

    /**
     * ORs into lanes the sign bit of each class of row r whose value is not ruled out by screenBits (a larger value, a
     * negative one, an infinity or a NaN): class c's bit is bit 15 + 16 (c % 4) of lanes[c / 4], so lanes needs
     * (classes + 3) / 4 longs; a loader skips the positions no member marks without decoding them ({@link #listMarked}).
     * Four float16 values at a time, branch-free: lane top bit = ((h & 0x7fff) + (0x7fff - bits)) | h.
     */
    public void markAbove(int r, int screenBits, long[] lanes) {
        int groups = classes >> 2;
        if (screenBits < 0 || !FloatCodec.FLOAT16.equals(encoding)) {
            Arrays.fill(lanes, 0, groups, SIGN_BITS);
            if ((classes & 3) != 0) {
                lanes[groups] |= SIGN_BITS >>> (16 * (4 - (classes & 3)));
            }
            return;
        }
        long add = (0x7fffL - screenBits) * EACH_LANE; // bits <= 0x7c00: a lane's sum stays under 0x10000, no carry
        int b = r * classes * 2;
        for (int g = 0; g < groups; g++, b += 8) {
            long x = (long) LONGS.get(data, b);
            lanes[g] |= (((x & LOW_BITS) + add) | x) & SIGN_BITS;
        }
        long tail = 0;
        for (int c = groups << 2, lane = 0; c < classes; c++, lane++, b += 2) {
            if (((data[b] & 0xff) | (data[b + 1] & 0xff) << 8) > screenBits) {
                tail |= 0x8000L << (16 * lane);
            }
        }
        if ((classes & 3) != 0) {
            lanes[groups] |= tail;
        }
    }

    /** The classes marked in lanes ({@link #markAbove}), ascending, into listed; returns how many. */
    public static int listMarked(long[] lanes, int classes, int[] listed) {
        int count = 0;
        for (int g = 0, groups = (classes + 3) >> 2; g < groups; g++) {
            for (long v = lanes[g]; v != 0; v &= v - 1) {
                listed[count++] = (g << 2) + (Long.numberOfTrailingZeros(v) >>> 4);
            }
        }
        return count;
    }
}
