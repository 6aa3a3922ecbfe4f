package dev.foldhub.dataset;

import java.util.List;

/**
 * Test images of a data set with the labels to train them on, for {@link DatasetService#registerPseudoLabelledVersion}.
 *
 * @param foldAssignmentId the parent's fold assignment whose folds the parent's rows keep
 * @param testIds          sample_submission.csv ids of the images, each at most once
 * @param classes          classes[i] = class indices (labels.csv positions) of image i, at least one
 * @param note             what made the labels, written to the version's pseudo.txt (key=value lines)
 */
public record PseudoLabelRows(long foldAssignmentId, List<String> testIds, int[][] classes, String note) {
}
