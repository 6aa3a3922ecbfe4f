package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ThresholdSearch's sorted sweep against brute force: F2Score at every grid point, the first maximum kept. */
class ThresholdSearchTest {

    /** The brute force: score every threshold of the grid separately, keep the first highest. */
    private static ThresholdChoice bruteForce(float[] probabilities, int[][] labels, int classes, ThresholdGrid grid) {
        double[] thresholds = grid.values();
        int best = 0;
        double bestF2 = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < thresholds.length; t++) {
            double f2 = F2Score.sampleAveraged(probabilities, labels, classes, thresholds[t]);
            if (f2 > bestF2) {
                best = t;
                bestF2 = f2;
            }
        }
        return new ThresholdChoice(thresholds[best], bestF2);
    }

    /**
     * Rows x classes probabilities, true labels higher (so the best threshold lies inside the grid), a third of
     * them on grid points (exactly, where the grid is dyadic, so "p > t" ties are exercised).
     */
    private static float[] probabilities(SplittableRandom random, int[][] labels, int classes, ThresholdGrid grid) {
        float[] p = new float[labels.length * classes];
        double[] points = grid.values();
        for (int i = 0; i < p.length; i++) {
            p[i] = switch (random.nextInt(3)) {
                case 0 -> (float) points[random.nextInt(points.length)];
                case 1 -> (float) Math.pow(random.nextDouble(), 3);
                default -> (float) random.nextDouble(grid.min() - 0.01, grid.max() + 0.01);
            };
        }
        double middle = (grid.min() + grid.max()) / 2;
        for (int r = 0; r < labels.length; r++) {
            for (int c : labels[r]) {
                p[r * classes + c] = random.nextBoolean() ? (float) points[points.length / 2 + random.nextInt((points.length + 1) / 2)]
                        : (float) random.nextDouble(middle, grid.max() + 0.05);
            }
        }
        return p;
    }

    private static int[][] labels(SplittableRandom random, int rows, int classes) {
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) { // 0 to 5 labels; rows without labels included
            labels[r] = random.ints(0, classes).distinct().limit(random.nextInt(Math.min(6, classes + 1))).sorted().toArray();
        }
        return labels;
    }

    @Test
    void findsTheSameThresholdAndF2AsBruteForceOnRandomProblems() {
        // guards: the one-pass sweep (sorted above-threshold values per row) scores each grid point as F2Score does
        SplittableRandom random = new SplittableRandom(2019);
        ThresholdGrid[] grids = {ThresholdGrid.REFERENCE, new ThresholdGrid(0, 1, 41), new ThresholdGrid(0, 1, 17),
                new ThresholdGrid(0.3, 0.3, 1), new ThresholdGrid(0.1, 0.2, 7)};
        int inside = 0;
        for (int trial = 0; trial < 60; trial++) {
            int rows = 1 + random.nextInt(120);
            int classes = 1 + random.nextInt(60);
            ThresholdGrid grid = grids[trial % grids.length];
            int[][] y = labels(random, rows, classes);
            float[] p = probabilities(random, y, classes, grid);
            ThresholdChoice expected = bruteForce(p, y, classes, grid);
            ThresholdChoice actual = ThresholdSearch.best(p, y, classes, grid);
            assertThat(actual).as("trial %d: %d x %d on %s", trial, rows, classes, grid).isEqualTo(expected);
            inside += actual.threshold() > grid.min() ? 1 : 0;
        }
        assertThat(inside).as("trials whose best threshold is not the grid's first").isGreaterThan(20);
    }

    @Test
    void keepsTheFirstOfEqualBestThresholdsAsTheReferenceDoes() {
        // guards: a flat F2 (every probability below the grid or above it) picks the grid's first point
        float[] p = {0.01f, 0.9f, 0.02f, 0.95f};
        int[][] y = {{1}, {1}};
        ThresholdChoice choice = ThresholdSearch.best(p, y, 2, ThresholdGrid.REFERENCE);
        assertThat(choice.threshold()).isEqualTo(ThresholdGrid.REFERENCE.min());
        assertThat(choice).isEqualTo(bruteForce(p, y, 2, ThresholdGrid.REFERENCE));
        assertThat(choice.f2()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aProbabilityExactlyOnAGridPointIsNotPredictedThere() {
        // guards: the sweep uses "p > t" as F2Score does, so a value at exactly t is predicted only below t
        ThresholdGrid grid = new ThresholdGrid(0.125, 0.375, 3); // 0.125, 0.25, 0.375: exact in float and double
        float[] p = {0.3f, 0.25f, 0.05f};
        int[][] y = {{0}};
        ThresholdChoice choice = ThresholdSearch.best(p, y, 3, grid);
        assertThat(choice).isEqualTo(bruteForce(p, y, 3, grid));
        // at 0.25 only the label is predicted (F2 1); counting 0.25 there (">=") would give 5/6 and pick 0.125
        assertThat(choice.threshold()).isEqualTo(0.25);
        assertThat(choice.f2()).isCloseTo(1.0, within(1e-9));
    }
}
