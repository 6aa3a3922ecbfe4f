package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.ThresholdGrid;
import java.util.Arrays;

/**
 * After the weights are found: a global threshold on a grid around 0 (in the units of the normalized
 * blend, i.e. probability minus fold threshold), then per-group thresholds by coordinate search over the
 * same grid (at most {@code rounds} passes, stopping early when a pass changes nothing). Grid points below
 * the evaluator's exact bound ({@link BlendEvaluator#minExactThreshold}: 0 at margin 0 alone, floor * sum(w) with
 * the tier under the margin) are skipped, so every F2 it reports is exact. A move needs a strict improvement. Each
 * grid is swept in one pass over the blend sorted per row ({@link BlendedRows#sweep}); the F2s reported are then
 * scored by the evaluator itself.
 */
public final class ThresholdTuning {

    /** -0.1 .. 0.1 in steps of 0.0025. */
    public static final ThresholdGrid DEFAULT_GRID = new ThresholdGrid(-0.1, 0.1, 81);

    private final ThresholdGrid grid;
    private final int rounds;

    public ThresholdTuning() {
        this(DEFAULT_GRID, 3);
    }

    public ThresholdTuning(ThresholdGrid grid, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1");
        }
        this.grid = grid;
        this.rounds = rounds;
    }

    public TunedThresholds tune(BlendEvaluator evaluator, double[] weights) {
        return tune(evaluator, weights, null);
    }

    /** As {@link #tune(BlendEvaluator, double[])}, given the blend at these weights (null: built here when needed). */
    public TunedThresholds tune(BlendEvaluator evaluator, double[] weights, BlendedRows blended) {
        double lowest = evaluator.minExactThreshold(weights);
        double[] candidates = Arrays.stream(grid.values()).filter(t -> t >= lowest).toArray();
        double plain = evaluator.f2(weights, 0);
        int groups = evaluator.groups();
        if (candidates.length == 0) {
            double[] zero = new double[groups];
            return new TunedThresholds(plain, 0, plain, zero, plain, 1);
        }
        // why: each grid is swept in one pass over the blend sorted per row, instead of one evaluation a grid point
        BlendedRows rows = blended != null ? blended : evaluator.blendedRows(weights);
        int evaluations = 1;
        PostprocessRule rule = PostprocessRule.threshold(groups, 0);
        double bestT = 0;
        double bestF2 = rows.score(rule).f2();
        double[] swept = rows.sweep(rule, -1, candidates, null);
        evaluations += candidates.length;
        for (int i = 0; i < candidates.length; i++) {
            if (swept[i] > bestF2) {
                bestF2 = swept[i];
                bestT = candidates[i];
            }
        }
        double[] groupT = new double[groups];
        Arrays.fill(groupT, bestT);
        double groupF2 = bestF2;
        for (int round = 0; round < rounds && groups > 1; round++) {
            boolean moved = false;
            for (int g = 0; g < groups; g++) {
                double keep = groupT[g];
                double bestG = keep;
                swept = rows.sweep(withThresholds(groupT), g, candidates, null);
                evaluations += candidates.length;
                for (int i = 0; i < candidates.length; i++) {
                    if (swept[i] > groupF2) {
                        groupF2 = swept[i];
                        bestG = candidates[i];
                    }
                }
                groupT[g] = bestG;
                moved |= bestG != keep;
            }
            if (!moved) {
                break;
            }
        }
        // the reported F2s are the evaluator's own (its summation order), as every other F2 of the blend
        evaluations += 2;
        return new TunedThresholds(plain, bestT, evaluator.f2(weights, bestT), groupT,
                groups == 1 ? evaluator.f2(weights, groupT[0]) : evaluator.f2(weights, groupT), evaluations);
    }

    private static PostprocessRule withThresholds(double[] thresholds) {
        PostprocessRule plain = PostprocessRule.threshold(thresholds.length, 0);
        return new PostprocessRule(thresholds, plain.minLabels(), plain.maxLabels(), 0, 0);
    }
}
