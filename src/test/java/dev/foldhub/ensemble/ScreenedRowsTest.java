package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.prediction.Float16;
import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards the loader's screen: positions ruled out on their stored float16 bits are exactly those the builder would
 * skip, so the evaluator of the screened rows is the one every position decoded gives, whatever the fold thresholds,
 * the special values (NaN of either sign, infinities, negative values, signed zeros, values at the screen's edge), a
 * legacy float32 member, a class count that is no multiple of four, or a buffer longer than the fold; and rows screened
 * in blocks on several threads and appended in order give what rows added one by one give.
 */
class ScreenedRowsTest {

    private static final int CLASSES = 23;
    private static final int ROWS = 400;
    /** The stored encodings' names (FloatCodec's, package-private there). */
    private static final String FLOAT16 = "float16le";
    private static final String FLOAT32 = "float32le";

    @Test
    void theScreenedEvaluatorIsTheOneEveryPositionDecodedGives() {
        for (long seed = 1; seed <= 6; seed++) {
            // the loader's tier of 48 a row: over 23 classes it is never full, so its floor stays at -0.1
            Built built = screenedAndDense(seed, BlendProblemLoader.BELOW_PER_ROW);
            assertThat(built.screened().belowFloor()).isLessThan(-0.1f);
            assertSame(seed, built);
        }
    }

    @Test
    void theScreenRisesWithTheTiersFloorAndKeepsTheSamePositions() {
        // guards: once rows' tiers are full the floor rises, and the screen of the following waves with it (positions
        // whose every value is at most the floor are never held): the evaluator is still the one every position decoded
        // gives, and the tier is offered fewer positions
        for (long seed = 1; seed <= 6; seed++) {
            Built built = screenedAndDense(seed, 3);
            assertThat(built.screened().belowFloor()).isGreaterThan(-0.09f);
            assertSame(seed, built);
            assertThat(built.screened().belowOffered()).isLessThan(built.dense().belowOffered());
        }
    }

    private record Built(BlendEvaluator screened, BlendEvaluator dense, SplittableRandom random) {
    }

    /** The seed's members screened in blocks of 64 rows, and every position decoded, each into a tier of perRow. */
    private static Built screenedAndDense(long seed, int perRow) {
        SplittableRandom random = new SplittableRandom(seed);
        // 0.25 and 0.3: most stored values are ruled out; 0.05 (even seeds): none (0 - 0.05 > -0.1), so every
        // position is decoded for that member's sake
        float[] thresholds = {0.25f, seed % 2 == 0 ? 0.05f : (float) random.nextDouble(0.1, 0.4), 0.3f,
                (float) random.nextDouble(0.1, 0.4)};
        int models = thresholds.length;
        StoredOof[] stored = new StoredOof[models];
        for (int m = 0; m < models; m++) {
            float ignored = BlendProblemLoader.newBuilder(models, CLASSES, null).ignoredAtMost();
            float[] p = probabilities(random, thresholds[m], Float16.highestWithDifferenceAtMost(thresholds[m],
                    ignored));
            String encoding = m == 3 && seed % 2 == 0 ? FLOAT32 : FLOAT16;
            byte[] data = encoding.equals(FLOAT16) ? Float16.encodeLittleEndian(p) : float32(p);
            byte[] buffer = new byte[data.length + 64]; // a reused buffer, longer than this fold
            System.arraycopy(data, 0, buffer, 0, data.length);
            stored[m] = new StoredOof(m, 0, thresholds[m], ROWS, CLASSES, encoding, buffer);
        }
        int[][] labels = new int[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = random.ints(0, CLASSES).distinct().limit(random.nextInt(0, 4)).sorted().toArray();
        }
        int[] groups = new int[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            groups[c] = c % 3 == 0 ? 0 : 1;
        }
        BlendEvaluatorBuilder everyPosition = builder(models, groups, perRow);
        float[][] row = new float[models][CLASSES];
        for (int r = 0; r < ROWS; r++) {
            for (int m = 0; m < models; m++) {
                stored[m].decodeRow(r, thresholds[m], row[m]);
            }
            everyPosition.addRow(row, 0, labels[r]);
        }
        BlendEvaluatorBuilder screenedBuilder = builder(models, groups, perRow);
        // blocks of 64 rows: several waves of runs filled side by side and appended in order, the last one partly empty
        new ScreenedRows(screenedBuilder, models, CLASSES, 64).addFold(stored, thresholds, labels);
        return new Built(screenedBuilder.build(), everyPosition.build(), random);
    }

    private static BlendEvaluatorBuilder builder(int models, int[] groups, int perRow) {
        return new BlendEvaluatorBuilder(models, CLASSES, groups, BlendProblemLoader.MARGIN,
                BlendProblemLoader.BELOW_MARGIN, perRow);
    }

    /** The same positions held: the same F2 at every threshold either scores exactly, over all groups or by group. */
    private static void assertSame(long seed, Built built) {
        BlendEvaluator screened = built.screened();
        BlendEvaluator dense = built.dense();
        SplittableRandom random = built.random();
        int models = dense.models();
        assertThat(screened.candidates()).as("seed %d", seed).isEqualTo(dense.candidates()).isPositive();
        assertThat(screened.belowCandidates()).isEqualTo(dense.belowCandidates()).isPositive();
        // the screen rises with the floor a wave at a time, the dense builder's a run of 1,024 rows at a time (never
        // here), so the screen offers the tier no more positions than the dense rows, and the tier holds the same
        assertThat(screened.belowOffered()).isLessThanOrEqualTo(dense.belowOffered());
        assertThat(screened.belowFloor()).isEqualTo(dense.belowFloor());
        for (int trial = 0; trial < 20; trial++) {
            double[] w = random.doubles(models, 0.05, 1).toArray();
            double lowest = dense.minExactThreshold(w);
            assertThat(screened.minExactThreshold(w)).isEqualTo(lowest);
            for (double t : new double[] {0, 0.02, 0.1, lowest, lowest / 2}) {
                assertThat(screened.f2(w, t)).as("seed %d, t %s", seed, t).isEqualTo(dense.f2(w, t));
            }
            double[] byGroup = {lowest / 3, 0.05};
            assertThat(screened.f2(w, byGroup)).isEqualTo(dense.f2(w, byGroup));
        }
    }

    /**
     * Mostly small probabilities, some near the threshold, some the highest half the screen rules out (level) or the
     * next one up, and every special value.
     */
    private static float[] probabilities(SplittableRandom random, float threshold, int level) {
        float[] p = new float[ROWS * CLASSES];
        for (int i = 0; i < p.length; i++) {
            double u = random.nextDouble();
            p[i] = switch (random.nextInt(12)) {
                case 0 -> (float) (threshold + random.nextDouble(-0.05, 0.05));
                case 1 -> level < 0 ? 0f : Float16.toFloat((short) (level + random.nextInt(2)));
                case 2 -> (float) random.nextDouble(0.5, 1);
                default -> (float) (u * u * u * u * 0.5);
            };
        }
        float[] special = {Float.NaN, Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, -0f, 0f, -0.3f, -1e-6f, 65504f};
        for (float value : special) {
            p[random.nextInt(p.length)] = value;
        }
        return p;
    }

    private static byte[] float32(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return bytes.array();
    }
}
