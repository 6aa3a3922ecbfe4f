package dev.foldhub.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

    private static final double RELATIVE_BOUND = 0x1p-11;
    private static final double SUBNORMAL_BOUND = 0x1p-25;

    @Test
    void everyHalfValueRoundTripsToTheSameBits() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = Float16.toFloat((short) h);
            int back = Float16.fromFloat(f) & 0xffff;
            if (isNaN(h)) {
                assertThat(f).as("half %04x", h).isNaN();
                assertThat(isNaN(back)).as("half %04x stays NaN", h).isTrue();
            } else {
                assertThat(back).as("half %04x via %s", h, f).isEqualTo(h);
            }
        }
    }

    @Test
    void knownValuesHaveTheirIeeeBits() {
        assertThat(bits(1f)).isEqualTo(0x3c00);
        assertThat(bits(-2f)).isEqualTo(0xc000);
        assertThat(bits(0.1f)).isEqualTo(0x2e66);
        assertThat(bits(1f / 3)).isEqualTo(0x3555);
        assertThat(bits(65504f)).isEqualTo(0x7bff);
        assertThat(bits(0x1p-14f)).as("smallest normal").isEqualTo(0x0400);
        assertThat(bits(0x1p-24f)).as("smallest subnormal").isEqualTo(0x0001);
        assertThat(bits(-0f)).isEqualTo(0x8000);
        assertThat(bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7c00);
        assertThat(bits(Float.NEGATIVE_INFINITY)).isEqualTo(0xfc00);
        assertThat(isNaN(bits(Float.NaN))).isTrue();
        assertThat(bits(Float.MIN_VALUE)).as("float subnormal underflows to zero").isZero();
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat((short) 0xbc00)).isEqualTo(-1f);
    }

    @Test
    void tiesRoundToEven() {
        assertThat(bits(1f + 0x1p-11f)).as("1 + half ulp -> 1 (even)").isEqualTo(0x3c00);
        assertThat(bits(1f + 3 * 0x1p-11f)).as("between 0x3c01 and 0x3c02 -> 0x3c02").isEqualTo(0x3c02);
        assertThat(bits(Math.nextUp(1f + 0x1p-11f))).as("just above the tie rounds up").isEqualTo(0x3c01);
        assertThat(bits(-(1f + 0x1p-11f))).isEqualTo(0xbc00);
        assertThat(bits(0x1p-25f)).as("half the smallest subnormal -> 0").isEqualTo(0x0000);
        assertThat(bits(Math.nextUp(0x1p-25f))).isEqualTo(0x0001);
        assertThat(bits(3 * 0x1p-25f)).as("1.5 subnormal units -> 2").isEqualTo(0x0002);
        assertThat(bits(5 * 0x1p-25f)).as("2.5 subnormal units -> 2").isEqualTo(0x0002);
        assertThat(bits(0x1p-14f - 0x1p-25f)).as("1023.5 units -> 1024 = smallest normal").isEqualTo(0x0400);
        assertThat(bits(65519f)).isEqualTo(0x7bff);
        assertThat(bits(65520f)).as("tie between 65504 (odd) and 2^16 -> inf").isEqualTo(0x7c00);
    }

    @Test
    void randomProbabilitiesAreWithinTheDocumentedBound() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000_000; i++) {
            float x = (float) (random.nextDouble() * 2 - 1);
            if (i % 4 == 0) {
                x *= (float) Math.pow(2, -random.nextInt(30)); // reach the subnormal range too
            }
            float y = Float16.toFloat(Float16.fromFloat(x));
            double error = Math.abs((double) y - x);
            assertThat(error).as("x = %s", x).isLessThanOrEqualTo(Math.max(RELATIVE_BOUND * Math.abs(x), SUBNORMAL_BOUND));
            assertThat(Float16.fromFloat(x)).as("x = %s", x).isEqualTo(nearestHalf(x));
        }
    }

    @Test
    void randomFloatBitsRoundToTheNearestHalf() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(x)) {
                assertThat(isNaN(bits(x))).isTrue();
            } else {
                assertThat(Float16.fromFloat(x)).as("x = %s", x).isEqualTo(nearestHalf(x));
            }
        }
    }

    @Test
    void littleEndianArraysRoundTrip() {
        float[] values = {0f, 1f, -0.25f, 0.1f, 1e-6f};
        byte[] bytes = Float16.encodeLittleEndian(values);
        assertThat(bytes).hasSize(10);
        assertThat(bytes[2]).isEqualTo((byte) 0x00); // 1.0 = 0x3c00: low byte first
        assertThat(bytes[3]).isEqualTo((byte) 0x3c);
        float[] back = Float16.decodeLittleEndian(bytes);
        for (int i = 0; i < values.length; i++) {
            assertThat(back[i]).isEqualTo(Float16.toFloat(Float16.fromFloat(values[i])));
        }
        assertThatThrownBy(() -> Float16.decodeLittleEndian(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    /** An oracle independent of fromFloat: binary search over the ordered positive halves, ties to even. */
    private static short nearestHalf(float x) {
        int sign = x < 0 || (x == 0 && 1 / x < 0) ? 0x8000 : 0;
        double a = Math.abs((double) x);
        if (a >= 65520) {
            return (short) (sign | 0x7c00);
        }
        int lo = 0;
        int hi = 0x7bff;
        while (lo < hi) { // largest h with value(h) <= a
            int mid = (lo + hi + 1) >>> 1;
            if (Float16.toFloat((short) mid) <= a) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo == 0x7bff) {
            return (short) (sign | lo);
        }
        double below = a - Float16.toFloat((short) lo);
        double above = Float16.toFloat((short) (lo + 1)) - a;
        int h = below < above || (below == above && (lo & 1) == 0) ? lo : lo + 1;
        return (short) (sign | h);
    }

    private static int bits(float f) {
        return Float16.fromFloat(f) & 0xffff;
    }

    private static boolean isNaN(int h) {
        return (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
    }
}
