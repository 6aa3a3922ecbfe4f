package dev.foldhub.experiment;

import java.time.Instant;
import java.util.List;

/**
 * An experiment as the API shows it (JSON names are a contract). cvMean/cvStd are the mean and
 * population standard deviation of the finished folds' best F2; oofF2 is the F2 of the pooled OOF
 * predictions of all finished folds, each thresholded at its own fold's threshold. status is IMPORTED
 * for an experiment imported from level1 files. foldsTotal is the number of folds the experiment has (jobs or
 * results: the folds it was created with, plus any queued later); datasetFolds is k, the number of folds of its fold
 * assignment (a CV is complete at k finished folds, whichever folds the experiment was created with); partial is
 * true while fewer than k folds are finished (cvMean and oofF2 then cover only foldsDone folds); missingFolds are the
 * folds of 0..k-1 the experiment has neither a job nor a result for; trainable says Foldhub trains its folds from its
 * config (false for imported and external experiments), so missing folds can be queued with
 * POST /api/experiments/{id}/folds. parentId is the experiment this one was cloned from
 * (POST /api/experiments/{id}/clone), null for one that is not a clone. archived is true after
 * POST /api/experiments/{id}/archive (the lists hide it unless asked), archivedAt when that happened (null otherwise).
 * tags (sorted) and note are set with PATCH /api/experiments/{id} or PUT .../tags and .../note; no tags is an
 * empty list, no note null.
 */
public record ExperimentView(long id, String name, RunStatus status, String config, long datasetId, String dataset,
                             long foldAssignmentId, String foldsHash, String arch, int inputSize, String loss,
                             Double cvMean, Double cvStd, Double oofF2, int foldsDone, int foldsTotal,
                             Instant createdAt, List<FoldView> folds, boolean partial, List<Integer> missingFolds,
                             boolean trainable, int datasetFolds, Long parentId, boolean archived,
                             Instant archivedAt, List<String> tags, String note) {
}
