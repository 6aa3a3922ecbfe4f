package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.ThresholdGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a post-processing rule of one shape to a blend at fixed weights ({@link BlendedRows}) on some of its rows:
 * first one threshold for all groups on the grid, then coordinate search (at most {@code rounds} passes, stopping when a
 * pass moves nothing) over each group's threshold, its minLabels and maxLabels, and the relative factor, as the shape
 * allows. A move needs a strict improvement. Grid thresholds below the blend's exact bound are skipped. A threshold's
 * whole grid is one {@link BlendedRows#sweep} (one pass over the rows), a cap or factor value one pass, so a search
 * costs a few dozen passes over the sorted rows, not dense evaluations. The shapes fitted together ({@link #fitAll})
 * share their passes: their searches start alike (e.g. relative's first round is groupThresholds', combined's is
 * winner2019's), and a pass asked for again is not run again.
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
        return fit(new Passes(blend, rows), shape, offset);
    }

    /** {@link #fit} of each shape, in order, the passes over the rows shared among them. */
    List<PostprocessRule> fitAll(BlendedRows blend, int[] rows, List<PostprocessShape> shapes, double offset) {
        Passes passes = new Passes(blend, rows);
        List<PostprocessRule> rules = new ArrayList<>();
        for (PostprocessShape shape : shapes) {
            rules.add(fit(passes, shape, offset));
        }
        return rules;
    }

    private PostprocessRule fit(Passes blend, PostprocessShape shape, double offset) {
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
        double best = blend.score(plain);
        double global = 0;
        double[] swept = blend.sweep(plain, -1, thresholds);
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
                swept = blend.sweep(new PostprocessRule(t, min, max, factor, offset), g, thresholds);
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
                            filled(maxima.length, min[g]), maxima);
                    for (int i = 0; i < maxima.length; i++) {
                        if (f2[i] > best) {
                            best = f2[i];
                            max[g] = maxima[i];
                            moved = true;
                        }
                    }
                    int[] minima = Arrays.stream(MIN_LABELS).filter(v -> v <= max[g]).toArray();
                    f2 = blend.scoreCaps(new PostprocessRule(t, min, max, factor, offset), g, minima,
                            filled(minima.length, max[g]));
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
                    double f2 = blend.score(new PostprocessRule(t, min, max, v, offset));
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

    /**
     * The passes over a blend's rows a search asks for, each run once: the searches are deterministic, so a pass asked
     * for again (same rule, group and values) gives what it gave.
     */
    private static final class Passes {

        private final BlendedRows blend;
        private final int[] rows;
        private final Map<String, double[]> done = new HashMap<>();

        Passes(BlendedRows blend, int[] rows) {
            this.blend = blend;
            this.rows = rows;
        }

        int groups() {
            return blend.groups();
        }

        double bound() {
            return blend.bound();
        }

        double score(PostprocessRule rule) {
            return done.computeIfAbsent("score " + key(rule),
                    k -> new double[] {blend.score(rule, rows).f2()})[0];
        }

        double[] sweep(PostprocessRule rule, int g, double[] grid) {
            return done.computeIfAbsent("sweep " + g + " " + key(rule) + Arrays.toString(grid),
                    k -> blend.sweep(rule, g, grid, rows));
        }

        double[] scoreCaps(PostprocessRule rule, int g, int[] minLabels, int[] maxLabels) {
            return done.computeIfAbsent("caps " + g + " " + key(rule) + Arrays.toString(minLabels)
                    + Arrays.toString(maxLabels), k -> blend.scoreCaps(rule, g, minLabels, maxLabels, rows));
        }

        /** Every parameter of the rule, exactly (doubles by their bits). */
        private static String key(PostprocessRule rule) {
            StringBuilder key = new StringBuilder();
            for (double t : rule.thresholds()) {
                key.append(Double.doubleToLongBits(t)).append(',');
            }
            key.append(Arrays.toString(rule.minLabels())).append(Arrays.toString(rule.maxLabels()))
                    .append(Double.doubleToLongBits(rule.factor())).append(',')
                    .append(Double.doubleToLongBits(rule.offset()));
            return key.toString();
        }
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }
}
