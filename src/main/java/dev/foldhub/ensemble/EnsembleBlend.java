package dev.foldhub.ensemble;

import java.util.List;

/**
 * An ensemble's blend as a submission applies it: the members' weights (null until the search has finished)
 * and its tuned thresholds (null when not tuned), in the units of sum_m w_m * (p - fold threshold). folds are
 * the folds it blends (every member has them; partial when fewer than the assignment's); experimentId is the
 * experiment of a one-experiment submission's ensemble (POST /api/experiments/{id}/submissions), else null;
 * postprocess its chosen post-processing rule (null until computed or imported).
 */
public record EnsembleBlend(long id, String name, long datasetId, long foldAssignmentId, List<Member> members,
                            Double tunedThreshold, Double cultureThreshold, Double tagThreshold, Double oofF2,
                            Double nestedCvF2, List<Integer> folds, boolean partial, Long experimentId,
                            PostprocessSpec postprocess) {

    /** One member experiment and its weight. */
    public record Member(long experimentId, Double weight) {
    }

    /** Whether every member has a weight, i.e. the blend search finished (or the ensemble was imported). */
    public boolean weighted() {
        return members.stream().allMatch(m -> m.weight() != null);
    }
}
