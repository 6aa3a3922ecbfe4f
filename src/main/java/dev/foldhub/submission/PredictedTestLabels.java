package dev.foldhub.submission;

import java.util.List;

/**
 * What a finished submission predicts for each test image, with how confident the blend is of each label.
 *
 * @param datasetId        the data set of its ensemble
 * @param foldAssignmentId the fold assignment its members were trained on
 * @param testIds          sample_submission.csv ids, in file order
 * @param predicted        predicted[r] = class indices (labels.csv positions) the CSV lists for image r, ascending
 * @param confidence       confidence[r][i] = blended probability of predicted[r][i]: the weighted mean over members
 *                         of their folds' mean test probability
 */
public record PredictedTestLabels(long submissionId, long datasetId, long foldAssignmentId, List<String> testIds,
                                  int[][] predicted, float[][] confidence) {
}
