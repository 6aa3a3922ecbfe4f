package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceBlendTest {

    private static final int CLASSES = 40;
    private static final int MODELS = 4;
    private static final int PARTS = 5;

    /** rows x CLASSES random centered values (each from `levels` steps of 1/8 when levels > 0, ties galore), 0-5 labels a row. */
    private static BlendEvaluator problem(int rows, long seed, int levels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> centered = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[rows * CLASSES];
            for (int i = 0; i < x.length; i++) {
                x[i] = levels > 0 ? (random.nextInt(levels) - levels / 2) / 8f : (float) (random.nextDouble() - 0.6);
            }
            centered.add(x);
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, CLASSES).distinct().limit(random.nextInt(6)).sorted().toArray();
        }
        return BlendEvaluatorBuilder.of(centered, labels, CLASSES, null);
    }

    private static int[] parts(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] part = new int[rows];
        for (int r = 0; r < rows; r++) {
            part[r] = random.nextInt(PARTS);
        }
        return part;
    }

    /** w0 moved by a random step of L1 length about `size` (kept nonnegative). */
    private static double[] near(double[] w0, double size, SplittableRandom random) {
        double[] w = w0.clone();
        for (int m = 0; m < w.length; m++) {
            w[m] = Math.max(0, w[m] + (random.nextDouble() - 0.5) * 2 * size / w.length);
        }
        return w;
    }

    @Test
    void scoresNearbyVectorsToTheLastBitOfAPassOverEveryCandidate() {
        // guards: a vector scored from the reference's near positions gets f2Excluding's F2 exactly (same decisions, row
        // F2s and order of summing), on rows of every part or all but one, over several segments and blocks; vectors out
        // of reach are left to a pass (NaN), and most small steps are within reach
        int rows = 9000;
        BlendEvaluator evaluator = problem(rows, 11, 0);
        assertThat(evaluator.candidates()).isGreaterThan(200_000); // scored in several segments
        int[] parts = parts(rows, 12);
        SplittableRandom random = new SplittableRandom(13);
        int handled = 0;
        int small = 0;
        for (int excluded = -1; excluded < PARTS; excluded++) {
            double[] w0 = random.doubles(MODELS, 0.05, 1).toArray();
            ReferenceBlend reference = evaluator.reference(w0, 0, excluded, parts, evaluator.candidates() / 4);
            assertThat(reference).isNotNull();
            assertThat(reference.stored()).isLessThanOrEqualTo(evaluator.candidates() / 4);
            assertThat(reference.f2()).isEqualTo(pass(evaluator, w0, excluded, parts));
            for (double size : new double[] {1e-6, 1e-4, 1e-3, 1e-2, 0.05, 0.3, 2}) {
                for (int trial = 0; trial < 4; trial++) {
                    double[] w = near(w0, size, random);
                    double f2 = reference.f2(w);
                    if (!Double.isNaN(f2)) {
                        handled++;
                        small += size <= 1e-2 ? 1 : 0;
                        assertThat(f2).as("excluded %d, step %g", excluded, size).isEqualTo(pass(evaluator, w, excluded, parts));
                        assertThat(reference.lastVisitedShare()).isLessThan(1);
                    } else {
                        assertThat(reference.lastVisitedShare()).isEqualTo(1);
                    }
                }
            }
        }
        assertThat(small).isGreaterThanOrEqualTo(6 * 4 * 4 * 3 / 4);
        assertThat(handled).isGreaterThan(small);
    }

    @Test
    void exactTiesAtTheThresholdAreDecidedAsThePassDecidesThem() {
        // guards: values on a grid of 1/8 and weights of few bits put many blends exactly at the threshold, where
        // "s > t" must stay false as in the kernels, whether the reference or the vector sits on the tie
        int rows = 3000;
        BlendEvaluator evaluator = problem(rows, 21, 5);
        int[] parts = parts(rows, 22);
        double[][] grid = {{0.5, 0.5, 0.25, 0.25}, {0.5, 0.5, 0.25, 0.375}, {0.5, 0.5, 0.5, 0.25}, {0.625, 0.5, 0.25, 0.25},
            {0.5, 0.5, 0.25, 0.25 + 0x1p-30}};
        for (int excluded = -1; excluded < 2; excluded++) {
            for (double[] w0 : grid) {
                ReferenceBlend reference = evaluator.reference(w0, 0, excluded, parts, evaluator.candidates());
                assertThat(reference.f2()).isEqualTo(pass(evaluator, w0, excluded, parts));
                for (double[] w : grid) {
                    assertThat(reference.f2(w)).isEqualTo(pass(evaluator, w, excluded, parts));
                }
            }
        }
    }

    @Test
    void aReferenceHoldsNoMorePositionsThanAskedAndReachesLessForFewer() {
        // guards: the memory bound: maxStored caps the positions held, and a smaller cap gives a shorter reach
        BlendEvaluator evaluator = problem(2000, 31, 0);
        double[] w0 = {0.3, 0.2, 0.4, 0.1};
        ReferenceBlend all = evaluator.reference(w0, 0, -1, null, evaluator.candidates());
        ReferenceBlend tenth = evaluator.reference(w0, 0, -1, null, evaluator.candidates() / 10);
        ReferenceBlend none = evaluator.reference(w0, 0, -1, null, 0);
        assertThat(all.stored()).isEqualTo(evaluator.candidates());
        assertThat(all.reach()).isInfinite();
        assertThat(tenth.stored()).isLessThanOrEqualTo(evaluator.candidates() / 10).isPositive();
        assertThat(tenth.reach()).isLessThan(all.reach());
        assertThat(none.stored()).isZero();
        assertThat(none.f2(w0)).isNaN(); // nothing held: even w0 itself is left to a pass
        assertThat(all.f2(new double[] {3, 2, 4, 1})).isEqualTo(evaluator.f2(new double[] {3, 2, 4, 1}, 0));
    }

    @Test
    void aReferenceBuiltIntoTheArraysOfTheOneItReplacesScoresAsANewOne() {
        // guards: the recycling of a search's references: built over a replaced reference's arrays (larger or smaller than
        // it needs, other rows left out before) and in a used scratch, a reference scores every vector as a new one does
        int rows = 4000;
        BlendEvaluator evaluator = problem(rows, 51, 0);
        int[] parts = parts(rows, 52);
        SplittableRandom random = new SplittableRandom(53);
        short[] code = new short[evaluator.candidates() + 7];
        Arrays.fill(code, (short) -1);
        ReferenceBlend previous = null;
        int[] excludedParts = {2, -1, 0, 0, 4, -1};
        int[] stored = {evaluator.candidates() / 10, evaluator.candidates() / 4, evaluator.candidates() / 20,
            evaluator.candidates(), evaluator.candidates() / 8, evaluator.candidates() / 8};
        for (int i = 0; i < excludedParts.length; i++) {
            double[] w0 = random.doubles(MODELS, 0.05, 1).toArray();
            ReferenceBlend fresh = evaluator.reference(w0, 0, excludedParts[i], parts, stored[i]);
            ReferenceBlend reused = evaluator.reference(w0, 0, excludedParts[i], parts, stored[i], code, previous);
            assertThat(reused.stored()).isEqualTo(fresh.stored());
            assertThat(reused.reach()).isEqualTo(fresh.reach());
            assertThat(reused.f2()).isEqualTo(fresh.f2()).isEqualTo(pass(evaluator, w0, excludedParts[i], parts));
            for (double size : new double[] {1e-5, 1e-3, 1e-2, 0.1}) {
                double[] w = near(w0, size, random);
                assertThat(reused.f2(w)).as("build %d, step %g", i, size).isEqualTo(fresh.f2(w));
            }
            previous = reused;
        }
    }

    @Test
    void refusesWhatItCannotScoreExactly() {
        // guards: a restricted view makes none; a threshold below margin x sum(w) is left to the evaluator (NaN), and
        // weights are checked as the evaluator checks them
        BlendEvaluator evaluator = problem(500, 41, 0);
        assertThat(evaluator.buildsReferences()).isTrue();
        assertThat(evaluator.restrictTo(new int[] {0, 1, 2}).buildsReferences()).isFalse();
        assertThat(evaluator.restrictTo(new int[] {0, 1, 2}).reference(new double[] {1, 1, 1, 1}, 0, -1, null, 10)).isNull();
        // a row of 5,000 candidates is wider than the float kernel counts: no reference, and buildsReferences says so
        // (the lockstep searches then try none, instead of allocating scratch for a build after every point)
        int wide = 5000;
        List<float[]> positive = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[2 * wide];
            Arrays.fill(x, 0.25f);
            positive.add(x);
        }
        BlendEvaluator tooWide = BlendEvaluatorBuilder.of(positive, new int[][] {{1}, {2, 3}}, wide, null);
        assertThat(tooWide.buildsReferences()).isFalse();
        assertThat(tooWide.reference(new double[] {1, 1, 1, 1}, 0, -1, null, tooWide.candidates())).isNull();
        assertThat(evaluator.reference(new double[] {1, 1, 1, 1}, -0.5, -1, null, 10)).isNull();
        ReferenceBlend reference = evaluator.reference(new double[] {1, 1, 1, 1}, 0, -1, null, evaluator.candidates());
        assertThatThrownBy(() -> reference.f2(new double[] {1, -1, 1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reference.f2(new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evaluator.reference(new double[] {1, 1, 1, 1}, 0, 2, null, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double pass(BlendEvaluator evaluator, double[] w, int excluded, int[] parts) {
        int[] partOfRow = parts != null ? parts : new int[evaluator.rows()];
        return evaluator.f2Excluding(new double[][] {w}, new int[] {excluded}, partOfRow, 0)[0];
    }
}
