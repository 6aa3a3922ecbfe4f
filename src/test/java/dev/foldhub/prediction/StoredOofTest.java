package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guards: a blend's loader reading stored bytes row by row sees exactly the centered values a decoded fold gives. */
class StoredOofTest {

    @Test
    void rowsDecodeToTheCenteredValuesOfTheDecodedFoldInBothStoredEncodings() {
        int rows = 7;
        int classes = 5;
        double threshold = 0.13;
        float[] p = new float[rows * classes];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble();
        }
        byte[] f16 = FloatCodec.encode(p);
        byte[] f32 = float32(p);
        for (String encoding : new String[] {FloatCodec.FLOAT16, FloatCodec.FLOAT32}) {
            byte[] data = encoding.equals(FloatCodec.FLOAT16) ? f16 : f32;
            float[] centered = new OofPrediction(1, 0, 3, threshold, 0.5, rows, classes,
                    FloatCodec.decode(encoding, data)).centered();
            StoredOof stored = new StoredOof(1, 0, threshold, rows, classes, encoding, data);
            float[] row = new float[classes];
            for (int r = 0; r < rows; r++) {
                stored.decodeRow(r, (float) threshold, row);
                assertThat(row).as(encoding + " row " + r)
                        .containsExactly(Arrays.copyOfRange(centered, r * classes, (r + 1) * classes));
            }
        }
        assertThatThrownBy(() -> new StoredOof(1, 0, threshold, rows, classes, FloatCodec.FLOAT16, new byte[3]))
                .hasMessageContaining("expected 7 x 5");
        assertThatThrownBy(() -> new StoredOof(1, 0, threshold, rows, classes, "int8", f16))
                .hasMessageContaining("unknown prediction encoding");
    }

    private static byte[] float32(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return bytes.array();
    }
}
