package dev.foldhub.ensemble;

import java.time.Instant;
import java.util.List;

/**
 * An ensemble as the API shows it (JSON names are a contract). status is the blend job's state, or
 * IMPORTED for an ensemble read from a YAML file; method is what was asked ("auto", ...) and
 * chosenMethod what produced the weights ("auto:greedy", ...); seconds is the search's wall time; postprocess the
 * chosen post-processing rule and every rule's scores (null until computed).
 */
public record EnsembleView(long id, String name, String status, String method, String chosenMethod, long datasetId,
                           Long jobId, String error, Double oofF2, Double equalWeightF2, Double nestedCvF2,
                           Integer evaluations, Double seconds, List<MemberWeight> weights, ThresholdTuningView tuning,
                           Instant createdAt, PostprocessView postprocess) {

    /** One experiment's weight (null until the search has finished). */
    public record MemberWeight(long experiment, String name, Double weight) {
    }

    /** The threshold tunings, reported beside the plain threshold-0 result (null until computed). */
    public record ThresholdTuningView(Double threshold, Double thresholdF2, Double cultureThreshold, Double tagThreshold,
                                      Double groupF2) {
    }
}
