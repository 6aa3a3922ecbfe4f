package dev.foldhub.ensemble;

import java.util.Arrays;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.OptimizationData;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.MultivariateOptimizer;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;

/**
 * F2 at threshold 0 of weights clipped into [0, 1] (how the reference bounded scipy's Nelder–Mead),
 * counting evaluations and remembering the best point seen, so a search stopped by its evaluation cap
 * still returns its best. Not thread-safe: one per search run.
 */
final class BlendObjective {

    private final BlendScorer scorer;
    private final double[] clipped;
    private final long startNanos = System.nanoTime();
    private int evaluations;
    private double bestF2 = Double.NEGATIVE_INFINITY;
    private double[] best;

    BlendObjective(BlendScorer scorer) {
        this.scorer = scorer;
        this.clipped = new double[scorer.models()];
    }

    double f2(double[] x) {
        for (int m = 0; m < clipped.length; m++) {
            // NaN clips to 0
            clipped[m] = x[m] >= 1 ? 1 : (x[m] > 0 ? x[m] : 0);
        }
        double f2 = scorer.f2(clipped);
        evaluations++;
        if (f2 > bestF2) {
            bestF2 = f2;
            best = clipped.clone();
        }
        return f2;
    }

    /** {@link #f2(double[])} of each point, in order, scored in one pass over the data (same results, counts and best). */
    double[] f2Each(double[][] xs) {
        double[][] points = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            points[i] = new double[clipped.length];
            for (int m = 0; m < clipped.length; m++) {
                double x = xs[i][m];
                points[i][m] = x >= 1 ? 1 : (x > 0 ? x : 0); // NaN clips to 0
            }
        }
        double[] f2 = scorer.f2Each(points);
        for (int i = 0; i < points.length; i++) {
            evaluations++;
            if (f2[i] > bestF2) {
                bestF2 = f2[i];
                best = points[i];
            }
        }
        return f2;
    }

    /** Equal weights 1/M: where the reference's Nelder–Mead (and ours) starts. */
    double[] equalWeights() {
        double[] x0 = new double[clipped.length];
        Arrays.fill(x0, 1.0 / x0.length);
        return x0;
    }

    /**
     * Maximizes F2 with a Hipparchus optimizer from {@code x0}, within {@code maxEvaluations}; reaching the
     * cap is no error: the best point seen is the result.
     */
    BlendResult maximize(MultivariateOptimizer optimizer, int maxEvaluations, double[] x0, String method,
                         OptimizationData... settings) {
        OptimizationData[] all = Arrays.copyOf(new OptimizationData[] {new MaxEval(maxEvaluations), MaxIter.unlimited(),
                new ObjectiveFunction(x -> -f2(x)), GoalType.MINIMIZE, new InitialGuess(x0)}, 5 + settings.length);
        System.arraycopy(settings, 0, all, 5, settings.length);
        try {
            optimizer.optimize(all);
        } catch (MathIllegalStateException capReached) {
            // the evaluation cap: keep the best point seen
        }
        return result(method);
    }

    int evaluations() {
        return evaluations;
    }

    /** The best point seen, normalized to sum 1, rescored (one extra evaluation, counted). */
    BlendResult result(String method) {
        double[] weights = normalized(best == null ? new double[clipped.length] : best);
        double f2 = scorer.f2(weights);
        evaluations++;
        return new BlendResult(method, weights, f2, evaluations, (System.nanoTime() - startNanos) / 1e9);
    }

    static double[] normalized(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] out = new double[weights.length];
        for (int m = 0; m < weights.length && sum > 0; m++) {
            out[m] = weights[m] / sum;
        }
        return out;
    }
}
