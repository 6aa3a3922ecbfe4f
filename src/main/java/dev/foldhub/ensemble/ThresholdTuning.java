package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.ThresholdGrid;
import java.util.Arrays;

/**
 * After the weights are found: a global threshold on a grid around 0 (in the units of the normalized
 * blend, i.e. probability minus fold threshold), then per-group thresholds by coordinate search over the
 * same grid (at most {@code rounds} passes, stopping early when a pass changes nothing). Grid points below
 * the evaluator's exact bound ({@link BlendEvaluator#minExactThreshold}: 0 at margin 0 alone, floor * sum(w) with
 * the tier under the margin) are skipped, so every F2 it reports is exact. A move needs a strict improvement.
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
        double lowest = evaluator.minExactThreshold(weights);
        double[] candidates = Arrays.stream(grid.values()).filter(t -> t >= lowest).toArray();
        int evaluations = 1;
        double plain = evaluator.f2(weights, 0);
        double bestT = 0;
        double bestF2 = plain;
        for (double t : candidates) {
            double f2 = evaluator.f2(weights, t);
            evaluations++;
            if (f2 > bestF2) {
                bestF2 = f2;
                bestT = t;
            }
        }
        double[] groupT = new double[evaluator.groups()];
        Arrays.fill(groupT, bestT);
        double groupF2 = bestF2;
        for (int round = 0; round < rounds && groupT.length > 1; round++) {
            boolean moved = false;
            for (int g = 0; g < groupT.length; g++) {
                double keep = groupT[g];
                double bestG = keep;
                for (double t : candidates) {
                    groupT[g] = t;
                    double f2 = evaluator.f2(weights, groupT);
                    evaluations++;
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
        return new TunedThresholds(plain, bestT, bestF2, groupT, groupF2, evaluations);
    }
}
