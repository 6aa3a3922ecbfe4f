package dev.foldhub.prediction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fold's OOF predictions as stored (float16, or float32 for rows written before V3), read row by row: a blend's
 * loader holds each member's stored bytes (2 bytes a value) instead of a float[] of the fold and a centered copy.
 */
public record StoredOof(long experimentId, int fold, double threshold, int rows, int classes, String encoding,
                        byte[] data) {

    public StoredOof {
        int width = FloatCodec.FLOAT16.equals(encoding) ? 2 : FloatCodec.FLOAT32.equals(encoding) ? 4 : 0;
        if (width == 0) {
            throw new IllegalStateException("unknown prediction encoding " + encoding);
        }
        if ((long) rows * classes * width != data.length) {
            throw new IllegalStateException("experiment " + experimentId + " fold " + fold + ": expected " + rows + " x "
                    + classes + " values in " + encoding + ", got " + data.length + " bytes");
        }
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
}
