package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards: a blend's loader reading stored bytes row by row, or at listed classes, sees exactly the centered values a
 * decoded fold gives, and its screen rules out exactly the values it may.
 */
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
                float[] some = new float[classes];
                Arrays.fill(some, -9f);
                stored.decodeAt(r, new int[] {1, 3, 0}, 2, (float) threshold, some); // the first two listed only
                assertThat(some).as(encoding + " row " + r + " at classes 1 and 3")
                        .containsExactly(-9f, row[1], -9f, row[3], -9f);
            }
        }
        byte[] longer = java.util.Arrays.copyOf(f16, f16.length + 10); // a reused buffer: the fold is its start
        float[] fromLonger = new float[classes];
        new StoredOof(1, 0, threshold, rows, classes, FloatCodec.FLOAT16, longer).decodeRow(rows - 1, (float) threshold,
                fromLonger);
        assertThat(fromLonger).containsExactly(Arrays.copyOfRange(new OofPrediction(1, 0, 3, threshold, 0.5, rows,
                classes, FloatCodec.decode(FloatCodec.FLOAT16, f16)).centered(), (rows - 1) * classes, rows * classes));
        assertThatThrownBy(() -> new StoredOof(1, 0, threshold, rows, classes, FloatCodec.FLOAT16, new byte[3]))
                .hasMessageContaining("expected 7 x 5");
        assertThatThrownBy(() -> new StoredOof(1, 0, threshold, rows, classes, "int8", f16))
                .hasMessageContaining("unknown prediction encoding");
    }

    @Test
    void theScreenMarksExactlyTheStoredBitsItCannotRuleOutFourAtATimeAndInTheTail() {
        // guards markAbove's lanes: every float16 bit pattern, at each screen level, is marked iff its unsigned bits
        // exceed the level (negative values and NaN of either sign included), and a mark already set stays set
        int classes = 4099; // no multiple of four: the tail is read one value at a time
        int rows = 16;
        byte[] data = new byte[rows * classes * 2];
        for (int i = 0; i < rows * classes; i++) {
            int h = (i * 40503) & 0xffff; // a permutation of the bit patterns (40503 is odd), each one at least once
            data[2 * i] = (byte) h;
            data[2 * i + 1] = (byte) (h >>> 8);
        }
        StoredOof stored = new StoredOof(1, 0, 0.2, rows, classes, FloatCodec.FLOAT16, data);
        for (int bits : new int[] {-1, 0, 1, 0x2e66, 0x3bff, 0x7bff, 0x7c00}) {
            for (int r = 0; r < rows; r++) {
                long[] lanes = new long[(classes + 3) / 4];
                lanes[1] |= 0x8000L << 48; // class 7, marked before
                stored.markAbove(r, bits, lanes);
                int[] listed = new int[classes];
                int count = StoredOof.listMarked(lanes, classes, listed);
                int finalR = r;
                int[] expected = java.util.stream.IntStream.range(0, classes)
                        .filter(c -> c == 7 || (((finalR * classes + c) * 40503) & 0xffff) > bits).toArray();
                assertThat(Arrays.copyOf(listed, count)).as("bits %x, row %d", bits, r).containsExactly(expected);
            }
        }
    }

    @Test
    void theScreenLevelIsTheHighestHalfWhoseDifferenceStaysAtMostTheBound() {
        // guards screenBits against every non-negative half: all halves up to it pass, the next one fails
        for (float subtract : new float[] {0.25f, 0.1f, 0.05f, 0f, 0.3333f}) {
            float bound = -0.10003662f; // the builder's ignored level at production's -0.1 (the float16 at most it)
            StoredOof stored = new StoredOof(1, 0, subtract, 1, 1, FloatCodec.FLOAT16, new byte[2]);
            int bits = stored.screenBits(subtract, bound);
            for (int h = 0; h <= 0x7c00; h++) {
                boolean passes = Float16.toFloat((short) h) - subtract <= bound;
                assertThat(passes).as("subtract %s, half %x, level %x", subtract, h, bits).isEqualTo(h <= bits);
            }
        }
        StoredOof legacy = new StoredOof(1, 0, 0.2, 1, 1, FloatCodec.FLOAT32, new byte[4]);
        assertThat(legacy.screenBits(0.25f, -0.1f)).isEqualTo(-1);
    }

    private static byte[] float32(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return bytes.array();
    }

    @Test
    void probabilitiesHeldAsFloat16ReadBackRoundedToFloat16() {
        float[] probabilities = {0.1f, 0.25f, 0.333f, 0.9999f, 0f, 1e-6f};
        StoredOof stored = StoredOof.ofFloat16(7, 2, 0.25, 2, 3, probabilities);
        assertThat(stored.encoding()).isEqualTo(FloatCodec.FLOAT16);
        float[] row = new float[3];
        for (int r = 0; r < 2; r++) {
            stored.decodeRow(r, 0.25f, row);
            for (int c = 0; c < 3; c++) {
                float p = probabilities[r * 3 + c];
                assertThat(row[c]).isEqualTo(Float16.toFloat(Float16.fromFloat(p)) - 0.25f);
            }
        }
    }
}
