package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;

/**
 * What a blend search scores: the F2 at threshold 0 of weight vectors (finite, nonnegative) over the rows it searches
 * on. Either an evaluator's rows scored directly, or one search's share of a {@link LockstepSearches} run.
 */
public interface BlendScorer {

    int models();

    double f2(double[] weights);

    /** The F2 of each vector, as {@link #f2} would give it, in one pass over the data where possible. */
    double[] f2Each(double[][] weights);

    /** The evaluator's rows, scored by it. */
    static BlendScorer of(BlendEvaluator evaluator) {
        return new BlendScorer() {
            @Override
            public int models() {
                return evaluator.models();
            }

            @Override
            public double f2(double[] weights) {
                return evaluator.f2(weights, 0);
            }

            @Override
            public double[] f2Each(double[][] weights) {
                return evaluator.f2Each(weights, 0);
            }
        };
    }
}
