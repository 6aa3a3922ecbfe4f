package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sparse post-processing evaluation against a straightforward per-image implementation on dense data. */
class BlendedRowsTest {

    private static final int MODELS = 3;
    private static final int ROWS = 80;
    private static final int CLASSES = 30;
    private static final int[] GROUP = new int[CLASSES];

    static {
        for (int c = 0; c < CLASSES; c++) {
            GROUP[c] = c < 8 ? 0 : c < 25 ? 1 : 2;
        }
    }

    private final List<float[]> centered = new ArrayList<>();
    private final int[][] labels = new int[ROWS][];

    BlendedRowsTest() {
        Random random = new Random(7);
        for (int r = 0; r < ROWS; r++) {
            int n = 1 + random.nextInt(4);
            labels[r] = random.ints(0, CLASSES).distinct().limit(n).sorted().toArray();
        }
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[ROWS * CLASSES];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    x[r * CLASSES + c] = (float) (random.nextDouble() * 0.5 - 0.4);
                }
                for (int c : labels[r]) {
                    x[r * CLASSES + c] += (float) (random.nextDouble() * 0.35);
                }
            }
            centered.add(x);
        }
    }

    /** Dense s = sum_m w_m x_m of the values at float16 precision (as the evaluator holds them), in model order. */
    private double[] dense(double[] w) {
        double[] s = new double[ROWS * CLASSES];
        for (int i = 0; i < s.length; i++) {
            double sum = w[0] * BlendEvaluatorTest.half(centered.get(0)[i]);
            for (int m = 1; m < MODELS; m++) {
                sum += w[m] * BlendEvaluatorTest.half(centered.get(m)[i]);
            }
            s[i] = sum;
        }
        return s;
    }

    /** The rule image by image, step by step: threshold and relative rule, then maxLabels, then minLabels. */
    private static int[] bruteForce(PostprocessRule rule, double[] s, int row) {
        int base = row * CLASSES;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            max = Math.max(max, s[base + c]);
        }
        List<Integer> out = new ArrayList<>();
        for (int g = 0; g < rule.groups(); g++) {
            List<Integer> members = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                if (GROUP[c] == g) {
                    members.add(c);
                }
            }
            members.sort((a, b) -> Double.compare(s[base + b], s[base + a]));
            List<Integer> kept = new ArrayList<>();
            for (int c : members) {
                boolean keep = s[base + c] > rule.thresholds()[g];
                if (rule.factor() > 0) {
                    keep &= s[base + c] > (max + rule.offset()) / rule.factor() - rule.offset();
                }
                if (keep) {
                    kept.add(c);
                }
            }
            while (kept.size() > rule.maxLabels()[g]) {
                kept.remove(kept.size() - 1);
            }
            for (int i = 0; kept.size() < rule.minLabels()[g] && i < members.size(); i++) {
                if (!kept.contains(members.get(i))) {
                    kept.add(members.get(i));
                }
            }
            out.addAll(kept);
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private double bruteF2(PostprocessRule rule, double[] s) {
        double sum = 0;
        for (int r = 0; r < ROWS; r++) {
            int[] predicted = bruteForce(rule, s, r);
            int[] truth = labels[r];
            int tp = (int) Arrays.stream(predicted).filter(c -> Arrays.stream(truth).anyMatch(l -> l == c)).count();
            sum += F2Score.rowF2(tp, predicted.length - tp, labels[r].length - tp);
        }
        return sum / ROWS;
    }

    private static PostprocessRule randomRule(Random random, double lowest) {
        double[] t = new double[3];
        int[] min = new int[3];
        int[] max = new int[3];
        for (int g = 0; g < 3; g++) {
            t[g] = lowest + random.nextDouble() * 0.25;
            min[g] = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
            max[g] = random.nextBoolean() ? PostprocessRule.NO_MAX : Math.max(1, min[g] + random.nextInt(4));
        }
        double factor = random.nextBoolean() ? 0 : 1 + random.nextDouble() * 6;
        return new PostprocessRule(t, min, max, factor, random.nextDouble() * 0.3);
    }

    @Test
    void everyExactRuleScoresAsThePerImageImplementation() {
        // guards the one-pass evaluation (sorted groups, binary search, prefix truths) and the exactness claim: with
        // the tier under the margin, every rule flagged exact has exactly the brute-force F2, and the dense rule of
        // submissions predicts exactly the brute-force labels
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, GROUP, 0f, -0.35f, 12);
        Random random = new Random(11);
        int exactRules = 0;
        for (int trial = 0; trial < 200; trial++) {
            double[] w = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double sum = w[0] + w[1] + w[2];
            for (int m = 0; m < MODELS; m++) {
                w[m] /= sum;
            }
            BlendedRows rows = evaluator.blendedRows(w);
            double[] s = dense(w);
            PostprocessRule rule = randomRule(random, rows.bound());
            PostprocessScore score = rows.score(rule);
            for (int r = 0; r < ROWS; r++) {
                assertThat(rule.predict(s, r * CLASSES, GROUP)).as("row %d of %s", r, rule)
                        .containsExactly(bruteForce(rule, s, r));
            }
            if (score.exact()) {
                exactRules++;
                assertThat(score.f2()).as("%s", rule).isEqualTo(bruteF2(rule, s));
            }
        }
        assertThat(exactRules).isGreaterThan(60);
    }

    @Test
    void aFillBeyondTheHeldPositionsIsFlaggedInexact() {
        // guards the exactness flag: margin 0 without a tier holds no negative score, so minLabels 3 must fill from
        // positions it does not have; a rule that needs none of them stays exact
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, GROUP);
        double[] w = {0.5, 0.3, 0.2};
        BlendedRows rows = evaluator.blendedRows(w);
        PostprocessScore filled = rows.score(new PostprocessRule(new double[3], new int[] {3, 3, 3},
                new int[] {5, 5, 5}, 0, 0));
        assertThat(filled.exact()).isFalse();
        assertThat(filled.inexactRows()).isPositive();
        assertThat(rows.score(new PostprocessRule(new double[3], new int[3], new int[] {1, 2, 1}, 0, 0)).exact()).isTrue();
        assertThat(rows.score(PostprocessRule.threshold(3, -0.01)).thresholdsExact()).isFalse();
    }

    @Test
    void aPlainThresholdScoresAsTheEvaluator() {
        // guards that BlendedRows blends exactly as BlendEvaluator.f2 (same sums, same rows)
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, GROUP, 0f, -0.35f, 12);
        double[] w = {0.2, 0.45, 0.35};
        BlendedRows rows = evaluator.blendedRows(w);
        for (double t : new double[] {0, 0.01, 0.05, -0.05, rows.bound()}) {
            assertThat(rows.score(PostprocessRule.threshold(3, t)).f2()).as("t = %s", t).isEqualTo(evaluator.f2(w, t));
        }
        int[] some = {3, 9, 10, 40, 79};
        assertThat(rows.score(PostprocessRule.threshold(3, 0), some).f2())
                .isEqualTo(evaluator.restrictTo(some).f2(w, 0.0));
        // every held position once (the builder is sized to exactly that), as the memory estimate counts them
        assertThat(rows.positions()).isEqualTo(evaluator.candidates() + evaluator.belowCandidates());
        assertThat(evaluator.blendedRowsBytes()).isEqualTo(12L * rows.positions() + 24L * rows.rows());
        BlendEvaluator view = evaluator.restrictTo(some);
        assertThat(view.blendedRowsBytes()).isEqualTo(12L * view.blendedRows(w).positions() + 24L * some.length);
    }

    @Test
    void scoringSeveralCapsOfOneGroupInOnePassGivesEachExactlyAsScore() {
        // guards the post-processing search's cap step: every (minLabels, maxLabels) alternative of one group, scored
        // together, is exactly score() of the rule with those caps, under the relative rule and on a subset of rows
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, GROUP, 0f, -0.35f, 12);
        Random random = new Random(9);
        int[] some = {1, 2, 3, 19, 40, 41, 70};
        int[] minima = {0, 1, 0, 2, 1, 0, 3};
        int[] maxima = {PostprocessRule.NO_MAX, 1, 2, 3, PostprocessRule.NO_MAX, 1, 5};
        for (int trial = 0; trial < 30; trial++) {
            BlendedRows rows = evaluator.blendedRows(new double[] {0.2 + random.nextDouble(), random.nextDouble(), 0.3});
            PostprocessRule rule = randomRule(random, -0.05);
            int g = random.nextInt(rule.groups());
            int[] subset = random.nextBoolean() ? null : some;
            double[] f2 = rows.scoreCaps(rule, g, minima, maxima, subset);
            for (int a = 0; a < minima.length; a++) {
                int[] min = rule.minLabels().clone();
                int[] max = rule.maxLabels().clone();
                min[g] = minima[a];
                max[g] = maxima[a];
                PostprocessRule at = new PostprocessRule(rule.thresholds(), min, max, rule.factor(), rule.offset());
                assertThat(f2[a]).as("%s, group %d, caps %d..%d", rule, g, minima[a], maxima[a])
                        .isEqualTo(rows.score(at, subset).f2());
            }
        }
    }

    @Test
    void aThresholdSweepScoresEveryGridPointAsTheRuleDoes() {
        // guards the one-pass sweep the post-processing search uses: for one group's threshold, or all at once,
        // under caps and the relative rule, on a subset of rows, each grid point's F2 is exactly score()'s
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, GROUP, 0f, -0.35f, 12);
        Random random = new Random(5);
        int[] some = {0, 4, 5, 17, 33, 34, 60, 79};
        double[] grid = new double[41];
        for (int j = 0; j < grid.length; j++) {
            grid[j] = -0.1 + j * 0.005;
        }
        for (int trial = 0; trial < 30; trial++) {
            BlendedRows rows = evaluator.blendedRows(new double[] {0.2 + random.nextDouble(), random.nextDouble(), 0.3});
            PostprocessRule rule = randomRule(random, -0.05);
            int g = random.nextInt(4) - 1;
            int[] subset = random.nextBoolean() ? null : some;
            double[] swept = rows.sweep(rule, g, grid, subset);
            for (int j = 0; j < grid.length; j++) {
                double[] t = rule.thresholds().clone();
                for (int h = 0; h < t.length; h++) {
                    if (g < 0 || h == g) {
                        t[h] = grid[j];
                    }
                }
                PostprocessRule at = new PostprocessRule(t, rule.minLabels(), rule.maxLabels(), rule.factor(), rule.offset());
                assertThat(swept[j]).as("%s, group %d, t %s", rule, g, grid[j]).isEqualTo(rows.score(at, subset).f2());
            }
        }
    }

    @Test
    void aBlendKeepingOnlyTheFillsUnderTheBoundScoresSweepsAndCapsEveryRuleItServesAsTheWholeBlend() {
        // guards the post-processing's short lists: with the positions at or under the bound cut to the highest `fills`
        // a row and group, every rule whose thresholds are at least the bound and whose minLabels are at most fills
        // (relative rule, caps, row subsets, exactness flags) gets exactly the whole blend's scores; half the values are
        // rounded to a coarse grid, so equal scores of true and false labels meet at the cut
        List<float[]> tied = new ArrayList<>();
        for (float[] x : centered) {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i += 2) {
                y[i] = Math.round(y[i] * 20) / 20f;
            }
            tied.add(y);
        }
        BlendEvaluator evaluator = BlendEvaluatorBuilder.of(tied, labels, CLASSES, GROUP, 0f, -0.35f, 12);
        Random random = new Random(13);
        double[] grid = new double[41];
        for (int j = 0; j < grid.length; j++) {
            grid[j] = -0.1 + j * 0.005;
        }
        int[] some = {0, 4, 5, 17, 33, 34, 60, 79};
        for (int trial = 0; trial < 60; trial++) {
            double[] w = trial % 3 == 0 ? new double[] {0.5, 0.5, 0} : new double[] {random.nextDouble(),
                    random.nextDouble(), random.nextDouble()};
            int fills = trial % 4;
            BlendedRows whole = evaluator.blendedRows(w);
            BlendedRows short_ = evaluator.blendedRows(w, fills);
            assertThat(short_.bound()).isEqualTo(whole.bound());
            assertThat(short_.positions()).isLessThan(whole.positions());
            double[] within = Arrays.stream(grid).filter(t -> t >= whole.bound()).toArray();
            for (int k = 0; k < 10; k++) {
                PostprocessRule drawn = randomRule(random, whole.bound());
                int[] min = drawn.minLabels().clone();
                for (int g = 0; g < min.length; g++) {
                    min[g] = Math.min(min[g], Math.min(fills, drawn.maxLabels()[g]));
                }
                PostprocessRule rule = new PostprocessRule(drawn.thresholds(), min, drawn.maxLabels(), drawn.factor(),
                        drawn.offset());
                int[] subset = random.nextBoolean() ? null : some;
                PostprocessScore a = whole.score(rule, subset);
                PostprocessScore b = short_.score(rule, subset);
                assertThat(b.f2()).as("%s, fills %d", rule, fills).isEqualTo(a.f2());
                assertThat(b.inexactRows()).isEqualTo(a.inexactRows());
                int g = random.nextInt(rule.groups());
                assertThat(short_.sweep(rule, g - (k % 2), within, subset))
                        .containsExactly(whole.sweep(rule, g - (k % 2), within, subset));
                int[] minima = new int[fills + 1];
                int[] maxima = new int[fills + 1];
                for (int i = 0; i <= fills; i++) {
                    minima[i] = i;
                    maxima[i] = i == 0 ? PostprocessRule.NO_MAX : i + random.nextInt(3);
                }
                assertThat(short_.scoreCaps(rule, g, minima, maxima, subset))
                        .containsExactly(whole.scoreCaps(rule, g, minima, maxima, subset));
            }
        }
    }
}
