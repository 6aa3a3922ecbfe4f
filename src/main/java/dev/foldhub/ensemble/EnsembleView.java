package dev.foldhub.ensemble;

import java.time.Instant;
import java.util.List;

/**
 * An ensemble as the API shows it (JSON names are a contract). status is the blend job's state, or
 * IMPORTED for an ensemble read from a YAML file; method is what was asked ("auto", ...) and
 * chosenMethod what produced the weights ("auto:greedy", ...); seconds is the BLEND job's wall time from its start
 * to the stored result, and loadSeconds, searchSeconds, nestedCvSeconds, tuningSeconds its steps (before V16,
 * seconds was the search alone and the steps are null; tuningSeconds covers the threshold tuning and the
 * post-processing search).
 * folds are the folds blended (those every member had stored OOF for when the ensemble was created), rows the
 * OOF rows they hold, partial whether they are fewer than the fold assignment's; nestedCvSkipped says why
 * nestedCvF2 is null for a blend of a single fold (null otherwise). status EXPERIMENT (method "experiment"):
 * the one-member ensemble, weight 1, of a submission of one experiment's finished folds. postprocess: the
 * chosen post-processing rule and every rule's scores (null until computed). bestMemberOofF2 is the highest OOF F2
 * among the members (each member's own pooled OOF over its finished folds; null when no member has one),
 * gainOverBestMember is oofF2 minus it and gainOverEqualWeights is oofF2 minus equalWeightF2 (null while either
 * side is).
 */
public record EnsembleView(long id, String name, String status, String method, String chosenMethod, long datasetId,
                           Long jobId, String error, Double oofF2, Double equalWeightF2, Double nestedCvF2,
                           Integer evaluations, Double seconds, Double loadSeconds, Double searchSeconds,
                           Double nestedCvSeconds, Double tuningSeconds, List<MemberWeight> weights,
                           ThresholdTuningView tuning, Instant createdAt, boolean partial, int rows, List<Integer> folds,
                           String nestedCvSkipped, PostprocessView postprocess, Double bestMemberOofF2,
                           Double gainOverBestMember, Double gainOverEqualWeights) {

    /**
     * One experiment's weight (null until the search has finished), its own OOF F2 (null before a finished fold),
     * its finished folds and the data set's k ("5 of 5").
     */
    public record MemberWeight(long experiment, String name, Double weight, Double oofF2, int foldsDone,
                               int datasetFolds) {
    }

    /** The threshold tunings, reported beside the plain threshold-0 result (null until computed). */
    public record ThresholdTuningView(Double threshold, Double thresholdF2, Double cultureThreshold, Double tagThreshold,
                                      Double groupF2) {
    }
}
