package dev.foldhub.prediction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored encodings of predictions: new rows are float16 little-endian ({@link Float16}, 2 bytes a
 * value, error bound in its Javadoc); rows written before V3 are float32 little-endian (exact) and still read.
 */
final class FloatCodec {

    static final String FLOAT16 = "float16le";
    static final String FLOAT32 = "float32le";
    /** the encoding of new writes */
    static final String ENCODING = FLOAT16;

    private FloatCodec() {
    }

    static byte[] encode(float[] values) {
        return Float16.encodeLittleEndian(values);
    }

    static float[] decode(String encoding, byte[] bytes) {
        if (FLOAT16.equals(encoding)) {
            return Float16.decodeLittleEndian(bytes);
        }
        if (FLOAT32.equals(encoding)) {
            float[] values = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        throw new IllegalStateException("unknown prediction encoding " + encoding);
    }
}
