package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.ThresholdGrid;
import java.util.Arrays;

/**
 * Fits a post-processing rule of one shape to a blend at fixed weights ({@link BlendedRows}) on some of its rows:
 * first one threshold for all groups on the grid, then coordinate search (at most {@code rounds} passes, stopping when a
 * pass moves nothing) over each group's threshold, its minLabels and maxLabels, and the relative factor, as the shape
 * allows. A move needs a strict improvement. Grid thresholds below the blend's exact bound are skipped. A threshold's
 * whole grid is one {@link BlendedRows#sweep} (one pass over the rows), a cap or factor value one pass, so a search
 * costs a few dozen passes over the sorted rows, not dense evaluations.
 */
final class PostprocessSearch {

    static final int[] MIN_LABELS = {0, 1};
    static final int[] MAX_LABELS = {PostprocessRule.NO_MAX, 1, 2, 3, 4, 5, 6, 7, 8, 10};
    /** 0 = no relative rule. */
    static final double[] FACTORS = {0, 1.5, 2, 3, 4, 5, 7, 10, 15};

    private final ThresholdGrid grid;
    private final int rounds;

    PostprocessSearch() {
        this(ThresholdTuning.DEFAULT_GRID, 2);
    }

    PostprocessSearch(ThresholdGrid grid, int rounds) {
        this.grid = grid;
        this.rounds = rounds;
    }

    /** The best rule of the shape on the rows (null: all); offset is the relative rule's (the blend's mean fold threshold). */
    PostprocessRule fit(BlendedRows blend, int[] rows, PostprocessShape shape, double offset) {
        int groups = blend.groups();
        double[] t = new double[groups];
        int[] min = new int[groups];
        int[] max = new int[groups];
        Arrays.fill(max, PostprocessRule.NO_MAX);
        double factor = 0;
        if (shape == PostprocessShape.REFERENCE) {
            return PostprocessRule.threshold(groups, 0);
        }
        double[] thresholds = Arrays.stream(grid.values()).filter(v -> v >= blend.bound()).toArray();
        PostprocessRule plain = PostprocessRule.threshold(groups, 0);
        double best = blend.score(plain, rows).f2();
        double global = 0;
        double[] swept = blend.sweep(plain, -1, thresholds, rows);
        for (int j = 0; j < thresholds.length; j++) {
            if (swept[j] > best) {
                best = swept[j];
                global = thresholds[j];
            }
        }
        Arrays.fill(t, global);
        for (int round = 0; round < rounds; round++) {
            boolean moved = false;
            for (int group = 0; group < groups; group++) {
                int g = group;
                swept = blend.sweep(new PostprocessRule(t, min, max, factor, offset), g, thresholds, rows);
                for (int j = 0; j < thresholds.length; j++) {
                    if (swept[j] > best) {
                        best = swept[j];
                        t[g] = thresholds[j];
                        moved = true;
                    }
                }
                if (shape.caps) {
                    // each cap's values in one pass; the same moves, in the same order, as one score a value
                    int[] maxima = Arrays.stream(MAX_LABELS).filter(v -> v >= min[g]).toArray();
                    double[] f2 = blend.scoreCaps(new PostprocessRule(t, min, max, factor, offset), g,
                            filled(maxima.length, min[g]), maxima, rows);
                    for (int i = 0; i < maxima.length; i++) {
                        if (f2[i] > best) {
                            best = f2[i];
                            max[g] = maxima[i];
                            moved = true;
                        }
                    }
                    int[] minima = Arrays.stream(MIN_LABELS).filter(v -> v <= max[g]).toArray();
                    f2 = blend.scoreCaps(new PostprocessRule(t, min, max, factor, offset), g, minima,
                            filled(minima.length, max[g]), rows);
                    for (int i = 0; i < minima.length; i++) {
                        if (f2[i] > best) {
                            best = f2[i];
                            min[g] = minima[i];
                            moved = true;
                        }
                    }
                }
            }
            if (shape.relative) {
                for (double v : FACTORS) {
                    double f2 = f2(blend, rows, t, min, max, v, offset);
                    if (f2 > best) {
                        best = f2;
                        factor = v;
                        moved = true;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return new PostprocessRule(t, min, max, factor, factor == 0 ? 0 : offset);
    }

    private static double f2(BlendedRows blend, int[] rows, double[] t, int[] min, int[] max, double factor,
                             double offset) {
        return blend.score(new PostprocessRule(t, min, max, factor, offset), rows).f2();
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }
}
