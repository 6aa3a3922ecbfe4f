package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.prediction.Float16;
import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import dev.foldhub.scoring.F2Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Threshold tuning on the production structure (margin 0 plus a bounded tier under it) against the same
 * procedure run on the dense blend, on a small problem whose fold thresholds are all 0.05.
 */
class ThresholdTuningTest {

    private static final int ROWS = 500;
    private static final int CLASSES = 60;
    private static final int MODELS = 3;

    private final List<float[]> centered = new ArrayList<>();
    private final int[][] labels = new int[ROWS][];
    private final int[] groups = new int[CLASSES];

    /** Conservative models (true labels' p in 0-0.1, others mostly far under 0.05), fold thresholds 0.05. */
    ThresholdTuningTest() {
        SplittableRandom random = new SplittableRandom(17);
        for (int r = 0; r < ROWS; r++) {
            labels[r] = random.ints(0, CLASSES).distinct().limit(1 + random.nextInt(4)).sorted().toArray();
        }
        for (int c = 0; c < CLASSES; c++) {
            groups[c] = c < 20 ? 0 : 1;
        }
        for (int m = 0; m < MODELS; m++) {
            float[] x = new float[ROWS * CLASSES];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    boolean label = Arrays.binarySearch(labels[r], c) >= 0;
                    double p = label ? random.nextDouble(0.0, 0.1) : random.nextDouble() * random.nextDouble() * 0.06;
                    x[r * CLASSES + c] = (float) p - 0.05f;
                }
            }
            centered.add(x);
        }
    }

    /** Dense F2 of sum_m w_m x_m > t (t per group) of the values at float16 precision, s accumulated in double in model order. */
    private double denseF2(double[] w, double[] groupT) {
        float[] predicted = new float[ROWS * CLASSES];
        for (int i = 0; i < predicted.length; i++) {
            double s = 0;
            for (int m = 0; m < MODELS; m++) {
                s += w[m] * Float16.toFloat(Float16.fromFloat(centered.get(m)[i])); // the evaluator holds float16
            }
            predicted[i] = s > groupT[groups[i % CLASSES]] ? 1f : 0f;
        }
        return F2Score.sampleAveraged(predicted, labels, CLASSES, 0.5);
    }

    /** ThresholdTuning's procedure over the dense blend, on the grid points >= lowest. */
    private double[] bruteForce(double[] w, double lowest) {
        double[] grid = Arrays.stream(ThresholdTuning.DEFAULT_GRID.values()).filter(t -> t >= lowest).toArray();
        double bestT = 0;
        double best = denseF2(w, new double[] {0, 0});
        for (double t : grid) {
            double f2 = denseF2(w, new double[] {t, t});
            if (f2 > best) {
                best = f2;
                bestT = t;
            }
        }
        double[] groupT = {bestT, bestT};
        double groupF2 = best;
        for (int round = 0; round < 3; round++) {
            boolean moved = false;
            for (int g = 0; g < 2; g++) {
                double keep = groupT[g];
                double bestG = keep;
                for (double t : grid) {
                    groupT[g] = t;
                    double f2 = denseF2(w, groupT);
                    if (f2 > groupF2) {
                        groupF2 = f2;
                        bestG = t;
                    }
                }
                groupT[g] = bestG;
                moved |= bestG != keep;
            }
            if (!moved) {
                break;
            }
        }
        return new double[] {bestT, best, groupT[0], groupT[1], groupF2};
    }

    @Test
    void tunedThresholdsBelowZeroMatchTheDenseBlendOnTheGridItCanScoreExactly() {
        // guards: with thresholds 0.05 the tier lets tuning go below 0, choosing exactly what the dense blend would
        // on the grid points >= floor * sum(w), where it claims exactness
        for (int keep : new int[] {12, CLASSES}) {
            BlendEvaluator evaluator = BlendEvaluatorBuilder.of(centered, labels, CLASSES, groups, 0f, -0.1f, keep);
            double[] w = {0.5, 0.3, 0.2};
            double lowest = evaluator.minExactThreshold(w);
            assertThat(lowest).as("keeping %d", keep).isLessThan(keep == CLASSES ? -0.099 : -0.005);
            TunedThresholds tuned = new ThresholdTuning().tune(evaluator, w);
            double[] expected = bruteForce(w, lowest);
            assertThat(tuned.threshold()).as("keeping %d", keep).isEqualTo(expected[0]).isLessThan(0);
            assertThat(tuned.threshold()).isGreaterThanOrEqualTo(lowest);
            assertThat(tuned.thresholdF2()).isCloseTo(expected[1], within(1e-12));
            assertThat(tuned.groupThresholds()).containsExactly(expected[2], expected[3]);
            assertThat(tuned.groupF2()).isCloseTo(expected[4], within(1e-12));
            assertThat(tuned.plainF2()).isCloseTo(denseF2(w, new double[] {0, 0}), within(1e-12));
        }
    }
}
