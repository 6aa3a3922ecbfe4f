package dev.foldhub.ensemble;

/**
 * Thresholds tuned for fixed blend weights, reported beside the plain threshold-0 result. Tuned in-sample
 * on the OOF rows, so slightly optimistic.
 *
 * @param plainF2         F2 at threshold 0
 * @param threshold       the best global threshold (0 unless something strictly better was found)
 * @param thresholdF2     F2 at that threshold
 * @param groupThresholds the best threshold per label group (e.g. culture, tag), by coordinate search from the global one
 * @param groupF2         F2 with those thresholds
 * @param evaluations     F2 evaluations spent
 */
public record TunedThresholds(double plainF2, double threshold, double thresholdF2,
                              double[] groupThresholds, double groupF2, int evaluations) {
}
