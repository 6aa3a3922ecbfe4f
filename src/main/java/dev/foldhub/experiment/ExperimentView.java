package dev.foldhub.experiment;

import java.time.Instant;
import java.util.List;

/**
 * An experiment as the API shows it (JSON names are a contract). cvMean/cvStd are the mean and
 * population standard deviation of the finished folds' best F2; oofF2 is the F2 of the pooled OOF
 * predictions of all finished folds, each thresholded at its own fold's threshold. status is IMPORTED
 * for an experiment imported from level1 files.
 */
public record ExperimentView(long id, String name, RunStatus status, String config, long datasetId, String dataset,
                             long foldAssignmentId, String foldsHash, String arch, int inputSize, String loss,
                             Double cvMean, Double cvStd, Double oofF2, int foldsDone, int foldsTotal,
                             Instant createdAt, List<FoldView> folds) {
}
