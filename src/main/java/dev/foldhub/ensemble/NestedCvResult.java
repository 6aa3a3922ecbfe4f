package dev.foldhub.ensemble;

import java.util.List;

/**
 * Nested CV of a blend search.
 *
 * @param pooledF2   F2 of all held-out rows pooled, each scored with the weights fitted without its fold
 *                   (the headline: comparable to the in-sample OOF F2, which also averages over all rows)
 * @param meanFoldF2 plain mean of the per-fold F2s (what the reference's per-fold logging averages)
 * @param folds      the fold ids, ascending
 * @param foldF2     held-out F2 per fold
 * @param fits       the search result fitted on the other folds, per fold
 */
public record NestedCvResult(double pooledF2, double meanFoldF2, int[] folds, double[] foldF2, List<BlendResult> fits) {
}
