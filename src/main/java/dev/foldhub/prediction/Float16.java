package dev.foldhub.prediction;

/**
 * IEEE 754 binary16 ("half", NumPy's {@code float16}) conversion over primitive arrays; Java 17 has no
 * {@code Float.floatToFloat16}. Encoding rounds to nearest, ties to even; subnormals, signed zeros,
 * infinities and NaN are kept (a NaN stays a quiet NaN; its payload keeps its top 9 bits). Decoding is
 * one lookup in a 65536-entry table.
 *
 * <p>Error bound of {@code toFloat(fromFloat(x))} for a finite float x:
 * <ul>
 *   <li>normal range, 2^-14 &lt;= |x| &lt; 65520: relative error &lt;= 2^-11 (about 4.9e-4; half an ulp
 *       of an 11-bit significand), so for probabilities in [0.5, 1) the absolute error is &lt;= 2^-12;</li>
 *   <li>subnormal range, |x| &lt; 2^-14 (about 6.1e-5): absolute error &lt;= 2^-25 (about 3.0e-8; half the
 *       spacing 2^-24), values with |x| &lt;= 2^-25 become a signed zero;</li>
 *   <li>|x| &gt;= 65520 becomes an infinity (never the case for probabilities).</li>
 * </ul>
 * In one line: |error| &lt;= max(2^-11 |x|, 2^-25) for |x| &lt; 65520.
 */
public final class Float16 {

    /** DECODE[h & 0xffff] = the float value of half bits h (every half is exact in float). */
    private static final float[] DECODE = new float[1 << 16];

    static {
        for (int h = 0; h < DECODE.length; h++) {
            DECODE[h] = decodeBits(h);
        }
    }

    private Float16() {
    }

    /** The half bits nearest to f (ties to even). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN: keep the top payload bits, force quiet
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | ((abs >>> 13) & 0x3ff) : 0));
        }
        if (abs >= 0x477ff000) { // >= 65520 = halfway between 65504 (max half) and 2^16: rounds to inf
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) { // >= 2^-14: normal half; rebias exponent 127 -> 15 and drop 13 mantissa bits
            // round half to even without a branch: the dropped bits plus 0xfff plus the kept lowest bit carry exactly
            // when they are over half, or half with an odd kept part (a carry into the exponent is right: up to 65504)
            return (short) (sign | (((abs + 0x0fff + ((abs >>> 13) & 1)) >>> 13) - (112 << 10)));
        }
        if (abs <= 0x33000000) { // <= 2^-25: half of the smallest subnormal, ties to even = 0
            return (short) sign;
        }
        // subnormal half: round(|x| * 2^24) = significand >> (126 - exponent)
        int exponent = abs >>> 23;
        int significand = (abs & 0x7fffff) | 0x800000;
        int shift = 126 - exponent; // 14..24
        int h = significand >>> shift;
        int rest = significand & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (h & 1) != 0)) {
            h++; // 0x3ff + 1 = 0x400 is the smallest normal, as it should be
        }
        return (short) (sign | h);
    }

    /** The float value of half bits h (exact). */
    public static float toFloat(short h) {
        return DECODE[h & 0xffff];
    }

    /**
     * The highest bits h in 0..0x7c00 (the non-negative halves, up to +inf) with toFloat(h) - subtract <= bound in float
     * arithmetic, every lower h passing too (the difference never falls as h grows there); -1 when +0 already fails.
     */
    public static int highestWithDifferenceAtMost(float subtract, float bound) {
        if (!(DECODE[0] - subtract <= bound)) {
            return -1;
        }
        int passes = 0;
        int fails = 0x7c00 + 1;
        while (fails - passes > 1) { // invariant: passes passes, fails fails (or is past +inf)
            int mid = (passes + fails) >>> 1;
            if (DECODE[mid] - subtract <= bound) {
                passes = mid;
            } else {
                fails = mid;
            }
        }
        return passes;
    }

    /** values as float16 little-endian bytes, 2 a value. */
    public static byte[] encodeLittleEndian(float[] values) {
        byte[] bytes = new byte[values.length * 2];
        for (int i = 0, b = 0; i < values.length; i++, b += 2) {
            int h = fromFloat(values[i]);
            bytes[b] = (byte) h;
            bytes[b + 1] = (byte) (h >>> 8);
        }
        return bytes;
    }

    /** Row r of a rows x classes float16 little-endian matrix, each value minus subtract, into into[0..classes). */
    static void decodeRow(byte[] data, int r, int classes, float subtract, float[] into) {
        int b = r * classes * 2;
        for (int c = 0; c < classes; c++, b += 2) {
            into[c] = toFloat((short) ((data[b] & 0xff) | (data[b + 1] & 0xff) << 8)) - subtract;
        }
    }

    /** float16 little-endian bytes as floats. */
    public static float[] decodeLittleEndian(byte[] bytes) {
        if ((bytes.length & 1) != 0) {
            throw new IllegalArgumentException("float16 data has an odd length " + bytes.length);
        }
        float[] values = new float[bytes.length / 2];
        float[] table = DECODE;
        for (int i = 0, b = 0; i < values.length; i++, b += 2) {
            values[i] = table[(bytes[b] & 0xff) | (bytes[b + 1] & 0xff) << 8]; // h = lo | hi << 8
        }
        return values;
    }

    private static float decodeBits(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) { // inf or NaN, payload moved to the top of the float mantissa
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
