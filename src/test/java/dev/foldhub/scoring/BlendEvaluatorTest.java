package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.prediction.Float16;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlendEvaluatorTest {

    private static final int ROWS = 300;
    private static final int CLASSES = 25;
    private static final int MODELS = 4;

    /** A random problem: centered values in [-0.6, 0.4) so each model predicts ~40% of classes, ~3 labels a row. */
    private record Problem(List<float[]> centered, int[][] labels, int[] groups) {
        static Problem random(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<float[]> centered = new ArrayList<>();
            for (int m = 0; m < MODELS; m++) {
                float[] x = new float[ROWS * CLASSES];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (random.nextDouble() - 0.6);
                }
                centered.add(x);
            }
            int[][] labels = new int[ROWS][];
            for (int r = 0; r < ROWS; r++) {
                labels[r] = random.ints(0, CLASSES).distinct().limit(random.nextInt(6)).sorted().toArray();
            }
            int[] groups = new int[CLASSES];
            for (int c = 0; c < CLASSES; c++) {
                groups[c] = c < 10 ? 0 : 1;
            }
            return new Problem(centered, labels, groups);
        }

        /** The dense blend of the values at float16 precision, s accumulated in double in model order as the evaluator does. */
        double[] blend(double[] w) {
            double[] s = new double[ROWS * CLASSES];
            for (int i = 0; i < s.length; i++) {
                for (int m = 0; m < MODELS; m++) {
                    s[i] += w[m] * half(centered.get(m)[i]);
                }
            }
            return s;
        }

        /** Dense F2 with a threshold per class group. */
        double denseF2(double[] w, double[] groupThresholds) {
            double[] s = blend(w);
            float[] predicted = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                predicted[i] = s[i] > groupThresholds[groups[i % CLASSES]] ? 1f : 0f;
            }
            return F2Score.sampleAveraged(predicted, labels, CLASSES, 0.5);
        }
    }

    @Test
    void matchesDenseF2OfTheExplicitBlendForRandomProblems() {
        // guards: the sparse candidate pass gives exactly the dense sample-averaged F2 at thresholds >= 0
        for (long seed = 1; seed <= 5; seed++) {
            Problem p = Problem.random(seed);
            BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups());
            SplittableRandom random = new SplittableRandom(seed * 31);
            for (int trial = 0; trial < 5; trial++) {
                double[] w = random.doubles(MODELS).toArray();
                for (double t : new double[] {0, 0.02, 0.1}) {
                    double[] s = p.blend(w);
                    float[] blended = new float[s.length];
                    for (int i = 0; i < s.length; i++) {
                        blended[i] = (float) (s[i] - t);
                    }
                    double expected = F2Score.sampleAveraged(blended, p.labels(), CLASSES, 0);
                    assertThat(evaluator.f2(w, t)).isCloseTo(expected, within(1e-12));
                    assertThat(evaluator.f2(w, t)).isCloseTo(p.denseF2(w, new double[] {t, t}), within(1e-12));
                }
            }
        }
    }

    @Test
    void perGroupThresholdsMatchTheDenseComputation() {
        // guards: each candidate is compared with its own class group's threshold
        Problem p = Problem.random(7);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups());
        double[] w = {0.4, 0.1, 0.3, 0.2};
        for (double[] t : new double[][] {{0, 0.05}, {0.08, 0}, {0.03, 0.12}}) {
            assertThat(evaluator.f2(w, t)).isCloseTo(p.denseF2(w, t), within(1e-12));
        }
    }

    @Test
    void negativeMarginAdmitsNegativeThresholdsExactly() {
        // guards: margin m makes thresholds >= m * sum(w) exact, and the bound is enforced
        Problem p = Problem.random(11);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), -0.1f);
        double[] w = {0.25, 0.25, 0.25, 0.25};
        // the margin is the highest float16 <= -0.1, so that values rounded to float16 keep "all x_m <= margin"
        assertThat(evaluator.minExactThreshold(w)).isLessThanOrEqualTo(-0.1).isCloseTo(-0.1, within(1e-4));
        assertThat(evaluator.f2(w, -0.05)).isCloseTo(p.denseF2(w, new double[] {-0.05, -0.05}), within(1e-12));
        assertThatThrownBy(() -> evaluator.f2(w, -0.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNegativeWeightsAndThresholdsBelowTheExactBound() {
        // guards: no silently wrong answer outside the exactness condition
        Problem p = Problem.random(3);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, null);
        assertThatThrownBy(() -> evaluator.f2(new double[] {0.5, -0.1, 0.3, 0.3}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evaluator.f2(new double[] {0.25, 0.25, 0.25, 0.25}, -0.01))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evaluator.f2(new double[] {Double.NaN, 0, 0, 0}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evaluator.f2(new double[] {1, 0, 0, 0}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allZeroWeightsPredictNothing() {
        // guards: s = 0 is never > 0, so F2 is 0 as in the dense computation
        Problem p = Problem.random(5);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, null);
        assertThat(evaluator.f2(new double[MODELS], 0)).isZero();
    }

    @Test
    void restrictedEvaluatorScoresOnlyTheChosenRows() {
        // guards: a row subset gives the dense F2 of those rows (used by nested CV)
        Problem p = Problem.random(9);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, null);
        int[] rows = {5, 17, 18, 100, 299, 0};
        List<float[]> sub = new ArrayList<>();
        for (float[] x : p.centered()) {
            float[] y = new float[rows.length * CLASSES];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(x, rows[i] * CLASSES, y, i * CLASSES, CLASSES);
            }
            sub.add(y);
        }
        int[][] subLabels = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            subLabels[i] = p.labels()[rows[i]];
        }
        double[] w = {0.1, 0.2, 0.3, 0.4};
        BlendEvaluator expected = BlendEvaluatorBuilder.of(sub, subLabels, CLASSES, null);
        assertThat(evaluator.restrictTo(rows).f2(w, 0.01)).isEqualTo(expected.f2(w, 0.01));
        assertThat(evaluator.restrictTo(rows).rows()).isEqualTo(rows.length);
    }

    @Test
    void theParallelPathFromTwoHundredThousandCandidatesMatchesTheSequentialPathAndDenseF2() {
        // guards: from 200,000 candidates rows are scored in 8 parallel segments; the result must be the dense F2,
        // the row-weighted F2 of two halves scored sequentially, and the same on every call
        int rows = 3000;
        int classes = 100;
        int models = 3;
        SplittableRandom random = new SplittableRandom(200_000);
        List<float[]> centered = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            float[] x = new float[rows * classes];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() - 0.6);
            }
            centered.add(x);
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(8)).sorted().toArray();
        }
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null);
        assertThat(evaluator.candidates()).isGreaterThanOrEqualTo(200_000);
        int half = rows / 2;
        BlendEvaluator first = evaluator.restrictTo(java.util.stream.IntStream.range(0, half).toArray());
        BlendEvaluator second = evaluator.restrictTo(java.util.stream.IntStream.range(half, rows).toArray());
        assertThat(first.candidates()).isLessThan(200_000);
        assertThat(second.candidates()).isLessThan(200_000);
        for (double[] w : new double[][] {{1, 0, 0}, {0.2, 0.5, 0.3}, {0.7, 0.01, 0.29}}) {
            for (double t : new double[] {0, 0.03, 0.15}) {
                double parallel = evaluator.f2(w, t);
                double sequential = (first.f2(w, t) * half + second.f2(w, t) * (rows - half)) / rows;
                assertThat(parallel).as("w=%s t=%s", java.util.Arrays.toString(w), t).isCloseTo(sequential, within(1e-12));
                assertThat(parallel).isCloseTo(denseF2(centered, labels, classes, w, t), within(1e-12));
                assertThat(evaluator.f2(w, t)).isEqualTo(parallel); // fixed segments: no dependence on scheduling
            }
        }
        assertBatchEqualsOneByOne(evaluator, models, random);
        assertBatchEqualsOneByOne(second, models, random);
    }

    @Test
    void scoringSeveralWeightVectorsInOnePassGivesExactlyTheirSeparateF2s() {
        // guards: f2Each (greedy's M trials in one pass) is bitwise f2 of each vector, on whole evaluators and row
        // views, with the tier under the margin, and where a threshold below the margin needs the tier
        for (long seed = 1; seed <= 3; seed++) {
            Problem p = Problem.random(seed);
            BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), 0f, -0.1f, 3);
            SplittableRandom random = new SplittableRandom(seed);
            assertBatchEqualsOneByOne(evaluator, MODELS, random);
            assertBatchEqualsOneByOne(evaluator.restrictTo(new int[] {5, 3, 4, 9, 0}), MODELS, random);
            double[][] sets = {{0.25, 0.25, 0.25, 0.25}, {1, 0, 0, 0}};
            double t = Math.max(evaluator.minExactThreshold(sets[0]), evaluator.minExactThreshold(sets[1]));
            double[] each = evaluator.f2Each(sets, t);
            assertThat(each[0]).isEqualTo(evaluator.f2(sets[0], t));
            assertThat(each[1]).isEqualTo(evaluator.f2(sets[1], t));
        }
    }

    /** An evaluator over random values (a third of them on a grid of 1/8 when coarse) and each row's part (of 3). */
    private record PartsProblem(BlendEvaluator evaluator, int[] partOfRow) {
    }

    private static PartsProblem partsProblem(int rows, int classes, SplittableRandom random, boolean coarse) {
        List<float[]> centered = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[rows * classes];
            for (int i = 0; i < x.length; i++) {
                double v = random.nextDouble() - 0.6;
                x[i] = coarse && i % 3 == 0 ? Math.round(v * 8) / 8f : (float) v;
            }
            centered.add(x);
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(6)).sorted().toArray();
        }
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null, 0f, -0.1f, 3);
        int[] partOfRow = new int[rows];
        for (int r = 0; r < rows; r++) {
            partOfRow[r] = r < rows / 2 ? r * 3 / rows : random.nextInt(3); // runs, then scattered
        }
        return new PartsProblem(evaluator, partOfRow);
    }

    @Test
    void scoringByPartsGivesEachVectorTheF2OfTheRowsOutsideItsExcludedPart() {
        // guards: f2Excluding (nested CV's searches scored together) equals a row view of the other parts' rows, on
        // the sequential path and on the parallel one (>= 200,000 candidates), with rows of one part not contiguous
        for (int[] shape : new int[][] {{ROWS, CLASSES}, {3000, 100}}) {
            int rows = shape[0];
            int classes = shape[1];
            SplittableRandom random = new SplittableRandom(rows);
            PartsProblem problem = partsProblem(rows, classes, random, false);
            BlendEvaluator evaluator = problem.evaluator();
            int[] partOfRow = problem.partOfRow();
            double[][] sets = new double[7][];
            int[] excluded = new int[sets.length];
            for (int k = 0; k < sets.length; k++) {
                sets[k] = random.doubles(MODELS).toArray();
                excluded[k] = k % 4 - 1; // -1 (no part left out), 0, 1, 2
            }
            double[] byParts = evaluator.f2Excluding(sets, excluded, partOfRow, 0.02);
            for (int k = 0; k < sets.length; k++) {
                int part = excluded[k];
                int[] kept = java.util.stream.IntStream.range(0, rows).filter(r -> partOfRow[r] != part).toArray();
                assertThat(byParts[k]).as("set %d without part %d", k, part)
                        .isCloseTo(evaluator.restrictTo(kept).f2(sets[k], 0.02), within(1e-12));
                if (part < 0) { // the search on all rows sees exactly the F2 that f2 reports for its weights
                    assertThat(byParts[k]).isEqualTo(evaluator.f2(sets[k], 0.02));
                }
            }
            assertThat(evaluator.f2Excluding(sets, excluded, partOfRow, 0.02)).containsExactly(byParts);
            assertThatThrownBy(() -> evaluator.f2Excluding(sets, new int[1], partOfRow, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> evaluator.f2Excluding(sets, excluded, partOfRow, -0.01)) // needs the tier
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void identicalVectorsScoredTogetherGetTheBitsEachGetsAlone() {
        // guards the pass's sharing of identical vectors (nested CV's searches ask for the same points on different
        // rows): each set's F2 is bit for bit the one it gets in a pass of its own, whatever its excluded part, with
        // unsure rows (values on a coarse grid put blends exactly at the threshold) and on both kernels' row loops
        for (int[] shape : new int[][] {{ROWS, CLASSES}, {3000, 100}}) {
            int rows = shape[0];
            int classes = shape[1];
            SplittableRandom random = new SplittableRandom(rows + 1);
            PartsProblem problem = partsProblem(rows, classes, random, true);
            BlendEvaluator evaluator = problem.evaluator();
            int[] partOfRow = problem.partOfRow();
            double[] a = random.doubles(MODELS).toArray();
            double[] b = new double[MODELS];
            java.util.Arrays.fill(b, 1.0 / MODELS);
            double[][] sets = {a, b, a.clone(), b.clone(), a.clone(), random.doubles(MODELS).toArray(), b.clone()};
            int[] excluded = {-1, 0, 1, -1, 2, 1, 2};
            for (double t : new double[] {0, 0.125}) {
                double[] together = evaluator.f2Excluding(sets, excluded, partOfRow, t);
                for (int k = 0; k < sets.length; k++) {
                    double alone = evaluator.f2Excluding(new double[][] {sets[k]}, new int[] {excluded[k]}, partOfRow, t)[0];
                    assertThat(together[k]).as("set %d without part %d at %s", k, excluded[k], t).isEqualTo(alone);
                }
                assertThat(together[0]).isEqualTo(evaluator.f2(a, t));
            }
        }
    }

    @Test
    void aPositionCountsExactlyWhenItsBlendExceedsTheThresholdEvenByASubnormalDifference() {
        // guards: the branch-free counting (the difference scaled by 2^1074, clamped to [0, 1]) says s > t exactly:
        // a blend equal to the threshold is not predicted, one a subnormal step above it is
        float[] x = {0.25f, 0.125f, 0.5f}; // one row, three classes, exact in float16
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(List.of(x), new int[][] {{0, 1}}, 3, null);
        double[] w = {1e-300};
        double s0 = w[0] * 0.25f;
        double below = Math.nextDown(s0);
        assertThat(s0 - below).isLessThan(Double.MIN_NORMAL); // the difference is subnormal
        assertThat(evaluator.f2(w, s0)).isZero(); // only class 2 (not a label) predicted
        double f2 = F2Score.rowF2(1, 1, 1); // classes 0 and 2 predicted: tp 1, fp 1, fn 1
        assertThat(evaluator.f2(w, below)).isEqualTo(f2);
        assertThat(evaluator.f2Each(new double[][] {w, w}, below)).containsExactly(f2, f2);
        assertThat(evaluator.f2Excluding(new double[][] {w}, new int[] {-1}, new int[1], below)).containsExactly(f2);
        assertThat(evaluator.f2(new double[] {1}, 0.5)).isZero(); // 0.5 > 0.5 is false
        assertThat(evaluator.f2(new double[] {1}, Math.nextDown(0.5))).isZero(); // class 2 is no label
        assertThat(evaluator.f2(new double[] {1}, Math.nextDown(0.125))).isEqualTo(F2Score.rowF2(2, 1, 0));
    }

    @Test
    void aBlendWithinFloatRoundingOfTheThresholdIsDecidedAsTheDoubleBlendDecidesIt() {
        // guards: the evaluator blends in float for speed; where the float blend lands on the other side of the
        // threshold than the double blend (near-ties such as 0.7 * 3k - 0.3 * 7k), the row is rescored in double, so
        // f2, f2Each and f2Excluding still equal the dense double computation
        int rows = 600;
        int classes = 9;
        SplittableRandom random = new SplittableRandom(7);
        float[] x0 = new float[rows * classes];
        float[] x1 = new float[rows * classes];
        for (int i = 0; i < x0.length; i++) {
            if (random.nextInt(3) > 0) { // a near-tie at weights 0.7 : 0.3, exact in float16
                float unit = (float) Math.scalb(1.0, -random.nextInt(3, 12));
                int k = random.nextInt(1, 60);
                float sign = random.nextBoolean() ? 1 : -1;
                x0[i] = sign * 3 * k * unit;
                x1[i] = -sign * 7 * k * unit;
            } else {
                x0[i] = (float) (random.nextDouble() - 0.5);
                x1[i] = (float) (random.nextDouble() - 0.5);
            }
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(1, 5)).sorted().toArray();
        }
        List<float[]> centered = List.of(x0, x1);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null);
        double[][] weights = {{0.7, 0.3}, {0.7 / 3, 0.3 / 3}, {7, 3}, {0.35, 0.15}};
        int disagreements = 0;
        for (double[] w : weights) {
            for (int i = 0; i < x0.length; i++) {
                float sf = (float) w[0] * half(x0[i]) + (float) w[1] * half(x1[i]);
                double sd = w[0] * half(x0[i]) + w[1] * half(x1[i]);
                disagreements += (sf > 0) != (sd > 0) ? 1 : 0;
            }
        }
        assertThat(disagreements).as("positions where float and double blends disagree").isGreaterThan(10);
        double[] each = evaluator.f2Each(weights, 0);
        assertThat(evaluator.decodingEachPass().f2Each(weights, 0)).containsExactly(each); // the path of large problems
        int[] parts = new int[rows];
        for (int r = 0; r < rows; r++) {
            parts[r] = r % 3;
        }
        double[] byParts = evaluator.f2Excluding(weights, new int[] {-1, 0, 1, 2}, parts, 0);
        for (int k = 0; k < weights.length; k++) {
            double dense = denseF2(centered, labels, classes, weights[k], 0);
            assertThat(evaluator.f2(weights[k], 0)).as("f2 of %s", k).isEqualTo(each[k]).isCloseTo(dense, within(1e-12));
            int excluded = k - 1;
            int[] kept = java.util.stream.IntStream.range(0, rows).filter(r -> parts[r] != excluded).toArray();
            assertThat(byParts[k]).as("without part %d", excluded)
                    .isCloseTo(evaluator.restrictTo(kept).f2(weights[k], 0), within(1e-12));
        }
    }

    @Test
    void rowsAddedAtAnOffsetOrWithANaNValueChooseTheSameCandidatesAndTier() {
        // guards the builder's per-row max over models (vectorized at offset 0, a plain loop elsewhere): a class is a
        // candidate when any model is above the margin, a NaN in another model included, and the tier keeps the same
        // positions whichever way the rows come in
        int classes = 40;
        SplittableRandom random = new SplittableRandom(17);
        float[][] rowsOf = new float[2][classes * 30];
        for (float[] x : rowsOf) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 0.6 - 0.45);
            }
        }
        rowsOf[0][5] = Float.NaN; // row 0, class 5: model 0 NaN, model 1 above the margin
        rowsOf[1][5] = 0.3f;
        rowsOf[0][6] = Float.NaN; // row 0, class 6: NaN and below: not a candidate
        rowsOf[1][6] = -0.3f;
        int[][] labels = new int[30][];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(1, 4)).sorted().toArray();
        }
        BlendEvaluatorBuilder atOffsets = new BlendEvaluatorBuilder(2, classes, null, 0f, -0.1f, 3);
        BlendEvaluatorBuilder atZero = new BlendEvaluatorBuilder(2, classes, null, 0f, -0.1f, 3);
        int candidates = 0;
        for (int r = 0; r < labels.length; r++) {
            atOffsets.addRow(rowsOf, r * classes, labels[r]);
            float[][] row = {java.util.Arrays.copyOfRange(rowsOf[0], r * classes, (r + 1) * classes),
                    java.util.Arrays.copyOfRange(rowsOf[1], r * classes, (r + 1) * classes)};
            atZero.addRow(row, 0, labels[r]);
            for (int c = 0; c < classes; c++) {
                candidates += row[0][c] > 0 || row[1][c] > 0 ? 1 : 0;
            }
        }
        BlendEvaluator a = atOffsets.build();
        BlendEvaluator b = atZero.build();
        assertThat(a.candidates()).isEqualTo(b.candidates()).isEqualTo(candidates);
        assertThat(a.belowCandidates()).isEqualTo(b.belowCandidates()).isPositive();
        assertThat(a.belowFloor()).isEqualTo(b.belowFloor());
        assertThat(a.belowOffered()).isEqualTo(b.belowOffered());
        double[] w = {0.6, 0.4};
        assertThat(a.f2(w, 0)).isEqualTo(b.f2(w, 0));
    }

    @Test
    void aBlendExactlyAtTheThresholdIsNotAHit() {
        // guards the float kernel's exact ties: d = s - t = 0 makes the hit test 0 / 0 (NaN), and the row must then be
        // recounted in double (s > t is false), not counted from a NaN sum nor as a hit
        int rows = 40;
        int classes = 6;
        float[] x0 = new float[rows * classes];
        float[] x1 = new float[rows * classes];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < x0.length; i++) {
            int k = random.nextInt(-8, 9);
            x0[i] = k * 0.125f; // exact in float16: the blend at weights 0.5 : 0.5 is exactly k / 8 or 0 in float and double
            x1[i] = random.nextBoolean() ? x0[i] : -x0[i];
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(1, 4)).sorted().toArray();
        }
        List<float[]> centered = List.of(x0, x1);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null, -1f);
        for (double t : new double[] {0, 0.125, 0.25, -0.125}) {
            double[] w = {0.5, 0.5};
            assertThat(evaluator.f2(w, t)).as("t %s", t).isCloseTo(denseF2(centered, labels, classes, w, t), within(1e-12));
            double[] w1 = {1, 0};
            assertThat(evaluator.f2(w1, t)).as("t %s", t).isCloseTo(denseF2(centered, labels, classes, w1, t), within(1e-12));
        }
    }

    @Test
    void vectorsLeavingOutAPartSkipItsBlocksAndScoreExactlyTheRowsOutsideIt() {
        // guards: rows come in fold order from the loader, so most blocks hold one fold's rows; a nested-CV vector skips
        // the blocks of the fold it leaves out, and its F2 is still that of the other folds' rows
        int rows = 3000;
        int classes = 9;
        SplittableRandom random = new SplittableRandom(11);
        List<float[]> centered = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            float[] x = new float[rows * classes];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() - 0.5);
            }
            centered.add(x);
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(1, 4)).sorted().toArray();
        }
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null);
        int[] parts = new int[rows];
        for (int r = 0; r < rows; r++) {
            parts[r] = r / 1000; // three parts of 1000 rows, each several blocks long
        }
        double[][] weights = new double[9][];
        int[] excluded = new int[weights.length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = random.doubles(3).toArray();
            excluded[k] = k % 4 - 1;
        }
        double[] byParts = evaluator.f2Excluding(weights, excluded, parts, 0);
        for (int k = 0; k < weights.length; k++) {
            int out = excluded[k];
            int[] kept = java.util.stream.IntStream.range(0, rows).filter(r -> parts[r] != out).toArray();
            assertThat(byParts[k]).as("vector %d without part %d", k, out)
                    .isCloseTo(evaluator.restrictTo(kept).f2(weights[k], 0), within(1e-12));
        }
        assertThat(byParts[0]).isCloseTo(denseF2(centered, labels, classes, weights[0], 0), within(1e-12));
    }

    @Test
    void anEvaluatorTooLargeToKeepDecodedScoresExactlyAsOneThatKeepsItsCandidatesDecoded() {
        // guards: past 128 MiB the candidates are decoded a block at a time in each pass instead of kept decoded; both
        // paths give the same F2s to the last bit, for whole problems, parts and restricted views
        for (long seed = 51; seed < 54; seed++) {
            Problem p = Problem.random(seed);
            BlendEvaluator kept = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), 0f, -0.1f, 5);
            BlendEvaluator eachPass = kept.decodingEachPass();
            assertThat(kept.decodedBytes()).isPositive();
            assertThat(eachPass.decodedBytes()).isZero();
            SplittableRandom random = new SplittableRandom(seed);
            double[][] sets = new double[6][];
            for (int k = 0; k < sets.length; k++) {
                sets[k] = random.doubles(MODELS).toArray();
            }
            for (double t : new double[] {0, 0.03}) {
                assertThat(eachPass.f2Each(sets, t)).containsExactly(kept.f2Each(sets, t));
            }
            int[] parts = new int[ROWS];
            for (int r = 0; r < ROWS; r++) {
                parts[r] = r * 5 / ROWS;
            }
            int[] excluded = {-1, 0, 1, 2, 3, 4};
            assertThat(eachPass.f2Excluding(sets, excluded, parts, 0)).containsExactly(kept.f2Excluding(sets, excluded, parts, 0));
            int[] rows = java.util.stream.IntStream.range(0, ROWS).filter(r -> r % 4 != 0).toArray();
            assertThat(eachPass.restrictTo(rows).f2(sets[1], 0)).isEqualTo(kept.restrictTo(rows).f2(sets[1], 0))
                    .isCloseTo(denseF2OfRows(p, sets[1], 0, rows), within(1e-12));
        }
    }

    private static void assertBatchEqualsOneByOne(BlendEvaluator evaluator, int models, SplittableRandom random) {
        double[][] sets = new double[models + 2][];
        for (int k = 0; k < sets.length; k++) {
            sets[k] = random.doubles(models).toArray();
        }
        sets[0] = new double[models]; // all-zero weights predict nothing
        for (double t : new double[] {0, 0.04}) {
            double[] each = evaluator.f2Each(sets, t);
            for (int k = 0; k < sets.length; k++) {
                assertThat(each[k]).as("set %d at %s", k, t).isEqualTo(evaluator.f2(sets[k], t));
            }
        }
    }

    /** Brute force: the dense blend of every (row, class), predicted where it exceeds t, scored by F2Score. */
    private static double denseF2(List<float[]> centered, int[][] labels, int classes, double[] w, double t) {
        float[] predicted = new float[labels.length * classes];
        for (int i = 0; i < predicted.length; i++) {
            double s = 0;
            for (int m = 0; m < w.length; m++) {
                s += w[m] * half(centered.get(m)[i]);
            }
            predicted[i] = s > t ? 1f : 0f;
        }
        return F2Score.sampleAveraged(predicted, labels, classes, 0.5);
    }

    /** x at the precision the evaluator holds values: the nearest float16. */
    static float half(float x) {
        return Float16.toFloat(Float16.fromFloat(x));
    }

    /**
     * Per row, the highest max_m x_m among positions in (-0.1, 0] beyond the {@code keep} highest: the tier's floor,
     * rounded to float16 as the evaluator reports it.
     */
    private static float bruteForceFloor(Problem p, int keep) {
        float lowest = BlendEvaluatorBuilder.halfAtMost(-0.1f); // the tier's lowest margin, a float16 value
        float floor = lowest;
        for (int r = 0; r < ROWS; r++) {
            List<Float> keys = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                float key = Float.NEGATIVE_INFINITY;
                for (int m = 0; m < MODELS; m++) {
                    key = Math.max(key, p.centered().get(m)[r * CLASSES + c]);
                }
                if (key > lowest && key <= 0) {
                    keys.add(key);
                }
            }
            keys.sort((a, b) -> Float.compare(b, a));
            if (keys.size() > keep) {
                floor = Math.max(floor, keys.get(keep));
            }
        }
        return half(floor);
    }

    @Test
    void theTierUnderTheMarginLeavesThresholdsFromZeroUpIdentical() {
        // guards: adding the bounded tier changes no result at thresholds >= 0 (global and per group)
        Problem p = Problem.random(21);
        BlendEvaluator plain = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups());
        BlendEvaluator tiered = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), 0f, -0.1f, 3);
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 20; trial++) {
            double[] w = random.doubles(MODELS).toArray();
            double t = trial % 2 == 0 ? 0 : random.nextDouble(0.2);
            assertThat(tiered.f2(w, t)).isEqualTo(plain.f2(w, t));
            double[] groupT = {random.nextDouble(0.1), 0};
            assertThat(tiered.f2(w, groupT)).isEqualTo(plain.f2(w, groupT));
        }
        assertThat(tiered.candidates()).isEqualTo(plain.candidates());
    }

    @Test
    void theTierScoresThresholdsBelowZeroExactlyDownToItsFloorTimesTheWeightSum() {
        // guards: with k positions a row under the margin, f2 equals the dense F2 for every threshold >= floor * sum(w)
        // (floor = the highest max_m x_m dropped, found by brute force), and refuses lower thresholds
        Problem p = Problem.random(23);
        for (int keep : new int[] {1, 3, 8, CLASSES}) {
            BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), 0f, -0.1f, keep);
            float floor = bruteForceFloor(p, keep);
            assertThat(evaluator.belowFloor()).as("floor keeping " + keep).isEqualTo(floor);
            assertThat(evaluator.belowCandidates()).isLessThanOrEqualTo(ROWS * keep);
            SplittableRandom random = new SplittableRandom(keep);
            for (int trial = 0; trial < 10; trial++) {
                double[] w = random.doubles(MODELS).toArray();
                double lowest = evaluator.minExactThreshold(w);
                double sum = w[0] + w[1] + w[2] + w[3];
                assertThat(lowest).isCloseTo(floor * sum, within(1e-6)).isLessThanOrEqualTo(0);
                for (double t : new double[] {lowest, lowest / 2, lowest / 5, -1e-9}) {
                    assertThat(evaluator.f2(w, t)).as("keep %d, t %f", keep, t)
                            .isCloseTo(p.denseF2(w, new double[] {t, t}), within(1e-12));
                }
                double[] groupT = {lowest, lowest / 3};
                assertThat(evaluator.f2(w, groupT)).isCloseTo(p.denseF2(w, groupT), within(1e-12));
                assertThatThrownBy(() -> evaluator.f2(w, lowest - 1e-3)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void everyFoldThresholdAtFiveHundredthsKeepsTheCandidatesBounded() {
        // guards: fold thresholds of 0.05 make every position x > -0.1 (all of them kept at margin -0.1), while the
        // margin-0 candidates plus the tier stay at what exceeds 0.05 plus at most k a row
        int rows = 400;
        int classes = 200;
        int keep = 6;
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> centered = new ArrayList<>();
        int[] above = new int[rows * classes];
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[rows * classes];
            for (int i = 0; i < x.length; i++) {
                // p mostly under 0.04, 3% of them up to 0.3 (as sigmoid outputs are), minus the fold threshold 0.05
                double p = random.nextDouble() < 0.03 ? random.nextDouble(0.3) : random.nextDouble(0.04);
                x[i] = (float) p - 0.05f;
                above[i] |= x[i] > 0 ? 1 : 0;
            }
            centered.add(x);
        }
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.ints(0, classes).distinct().limit(1 + random.nextInt(4)).sorted().toArray();
        }
        int positive = 0;
        for (int a : above) {
            positive += a;
        }
        BlendEvaluator wide = BlendEvaluatorBuilder.of(centered, labels, classes, null, -0.1f);
        BlendEvaluator tiered = BlendEvaluatorBuilder.of(centered, labels, classes, null, 0f, -0.1f, keep);
        assertThat(wide.candidates()).isEqualTo(rows * classes);
        assertThat(tiered.candidates()).isEqualTo(positive).isLessThan(rows * classes / 5);
        // the tier: each row's keep highest max_m x_m in (-0.1, 0], of them those above its floor (float16) only: a
        // position whose every value is at most the floor cannot be predicted at any threshold scored exactly
        float floor = tiered.belowFloor();
        assertThat(floor).isGreaterThan(-0.1f);
        int tier = 0;
        for (int r = 0; r < rows; r++) {
            List<Float> keys = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                float key = Float.NEGATIVE_INFINITY;
                for (float[] x : centered) {
                    key = Math.max(key, x[r * classes + c]);
                }
                if (key <= 0 && key > -0.1f) {
                    keys.add(key);
                }
            }
            keys.sort(java.util.Comparator.reverseOrder());
            for (float key : keys.subList(0, Math.min(keep, keys.size()))) {
                tier += Float16.toFloat(Float16.fromFloat(key)) > floor ? 1 : 0;
            }
        }
        assertThat(tiered.belowCandidates()).isEqualTo(tier).isLessThanOrEqualTo(rows * keep).isPositive();
        long perCandidate = 4L * MODELS + 2;
        long stored = tiered.estimatedBytes() - tiered.decodedBytes(); // beside the decoded copy kept for speed
        assertThat(stored).isLessThanOrEqualTo(perCandidate * (positive + (long) rows * keep) + 12L * (rows + 1));
        assertThat(stored).isLessThan((wide.estimatedBytes() - wide.decodedBytes()) / 4);
        assertThat(tiered.decodedBytes()).isEqualTo((4L * MODELS + 4) * positive);
    }

    @Test
    void aRestrictedEvaluatorSharesTheArraysAndScoresItsRowsLikeTheDenseBlendBelowZeroToo() {
        // guards: nested CV's row subsets are views (one int a row, not a copy), exact at thresholds >= 0 and, with the
        // tier, down to floor * sum(w), also as a view of a view
        Problem p = Problem.random(31);
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(p.centered(), p.labels(), CLASSES, p.groups(), 0f, -0.1f, 5);
        int[] rows = java.util.stream.IntStream.range(0, ROWS).filter(r -> r % 3 != 1).toArray();
        BlendEvaluator view = evaluator.restrictTo(rows);
        // the view decodes a block a pass (its blocks are not the evaluator's), so it holds no decoded candidates
        assertThat(view.decodedBytes()).isZero();
        assertThat(view.estimatedBytes()).isEqualTo(evaluator.estimatedBytes() - evaluator.decodedBytes() + 4L * rows.length);
        BlendEvaluator viewOfView = view.restrictTo(new int[] {7, 3, 4, 5, 0});
        int[] chosen = {rows[7], rows[3], rows[4], rows[5], rows[0]};
        double[] w = {0.4, 0.1, 0.3, 0.2};
        double lowest = evaluator.minExactThreshold(w);
        for (double t : new double[] {0, 0.03, lowest, lowest / 2}) {
            assertThat(view.f2(w, t)).isCloseTo(denseF2OfRows(p, w, t, rows), within(1e-12));
            assertThat(viewOfView.f2(w, t)).isCloseTo(denseF2OfRows(p, w, t, chosen), within(1e-12));
        }
        assertThatThrownBy(() -> evaluator.restrictTo(new int[] {ROWS})).isInstanceOf(IllegalArgumentException.class);
    }

    private static double denseF2OfRows(Problem p, double[] w, double t, int[] rows) {
        double[] s = p.blend(w);
        float[] predicted = new float[rows.length * CLASSES];
        int[][] labels = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < CLASSES; c++) {
                predicted[i * CLASSES + c] = s[rows[i] * CLASSES + c] > t ? 1f : 0f;
            }
            labels[i] = p.labels()[rows[i]];
        }
        return F2Score.sampleAveraged(predicted, labels, CLASSES, 0.5);
    }

    @Test
    void valuesAreHeldAtFloat16PrecisionKeepingEverySignAndTwoBytesAModel() {
        // guards: the evaluator scores the float16 of each value (the OOF store's precision), never flips a single
        // model's decision, and holds 2 bytes a model a candidate (the memory bound of issue 14)
        int classes = 4;
        float tiny = 1e-9f; // rounds to +0: not above 0, like every value <= 2^-25
        float justAbove = 0.30004f; // rounds to 0.30004883
        float justBelow = -0.30004f;
        List<float[]> centered = List.of(new float[] {tiny, justAbove, justBelow, 0.5f});
        int[][] labels = {{0, 1, 3}};
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, classes, null);
        // classes 1 and 3 predicted at 0 (tiny rounds to 0): TP 2, FN 1 -> F2 = 5*2 / (5*2 + 4*1 + 0)
        assertThat(evaluator.f2(new double[] {1}, 0)).isCloseTo(10.0 / 14.0, within(1e-12));
        // 0.30004883 > 0.30004 > 0.3: class 1 is still predicted at the float16 value's own threshold
        assertThat(evaluator.f2(new double[] {1}, 0.30004)).isCloseTo(F2Score.rowF2(2, 0, 1), within(1e-12));
        assertThat(evaluator.f2(new double[] {1}, half(justAbove))).isCloseTo(F2Score.rowF2(1, 0, 2), within(1e-12));
        assertThat(evaluator.candidates()).isEqualTo(3);
        // 3 candidates x (2 bytes a value + truth + group) + row starts and label count, and the decoded copy
        // (4 bytes a value and the hit code)
        assertThat(evaluator.decodedBytes()).isEqualTo(3 * (4 + 4));
        assertThat(evaluator.estimatedBytes()).isEqualTo(3 * 2 + 3 * 2 + 4L * 2 + 4L + 3 * (4 + 4));
    }

    @Test
    void aBuilderBuildsOnceSinceBuildingHandsOverItsArrays() {
        // guards: build() drops the builder's arrays as it trims them, so a second build or a later row is refused
        Problem p = Problem.random(41);
        BlendEvaluatorBuilder builder = new BlendEvaluatorBuilder(MODELS, CLASSES, null, 0f, -0.1f, 2);
        float[][] matrices = p.centered().toArray(new float[0][]);
        builder.addRow(matrices, 0, p.labels()[0]);
        BlendEvaluator built = builder.build();
        assertThat(built.rows()).isEqualTo(1);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.addRow(matrices, 0, p.labels()[0])).isInstanceOf(IllegalStateException.class);
    }
}
