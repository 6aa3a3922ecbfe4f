package dev.foldhub.ensemble;

/**
 * What a blend search found.
 *
 * @param method      the search that produced it, e.g. "greedy" or "auto:greedy"
 * @param weights     one per model, nonnegative, summing to 1 (all 0 only if nothing scored above 0);
 *                    the blend thresholds at 0, where scaling the weights does not change the decision
 * @param f2          OOF sample-averaged F2 of exactly these weights at threshold 0
 * @param evaluations F2 evaluations the search spent
 * @param seconds     wall time of the search
 */
public record BlendResult(String method, double[] weights, double f2, int evaluations, double seconds) {
}
