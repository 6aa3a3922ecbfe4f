package dev.foldhub.submission;

import dev.foldhub.ensemble.PostprocessSpec;
import java.time.Instant;
import java.util.List;

/**
 * A submission as the API shows it (JSON names are a contract). status uses the job state names: QUEUED until
 * a job runs, RUNNING while any does, SUCCEEDED once the CSV is stored, FAILED or CANCELLED (with error) when a
 * test-prediction job or the blend job did. ttas null = each experiment's own test.num_ttas; thresholds is
 * "fold", "tuned", "groups" or "postprocess" (then postprocess is the rule applied). oofF2 and nestedCvF2 are the
 * ensemble's; publicScore/privateScore the ledger's.
 * folds are the folds whose models it blends (per member, the mean over those folds), partial when fewer than the
 * fold assignment's; experiment is set for a submission of one experiment's finished folds
 * (POST /api/experiments/{id}/submissions; its ensemble is then that experiment alone, weight 1), null otherwise.
 * submittedOofF2 is the OOF F2 of what was submitted (the blend's oofF2 with fold thresholds, the tuned or group-tuned
 * F2, or the post-processed F2 of the rule applied; null when none is stored), submittedOofF2Source says which;
 * weights are the ensemble's members and their weights (weight null until the blend search has finished).
 */
public record SubmissionView(long id, String status, long ensemble, String ensembleName, Integer ttas, String combine,
                             String thresholds, List<JobView> jobs, String error, Integer rows, Double oofF2,
                             Double nestedCvF2, Double publicScore, Double privateScore, Instant createdAt,
                             Long experiment, List<Integer> folds, boolean partial, PostprocessSpec postprocess,
                             Double submittedOofF2, String submittedOofF2Source, List<Weight> weights) {

    /** One member experiment of the submitted ensemble and its weight. */
    public record Weight(long experiment, Double weight) {
    }

    /** A TEST_PREDICT job (experiment, fold) or the SUBMISSION blend job (experiment and fold null). */
    public record JobView(long id, String kind, Long experiment, Integer fold, Integer ttas, String state, String error) {
    }
}
