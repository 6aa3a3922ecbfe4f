package dev.foldhub.dataset;

/**
 * A data set registered as its parent's train rows (same order, labels and folds) followed by pseudo-labelled test
 * images that train in every fold and validate in none ({@link FoldAssignment#TRAIN_ONLY}).
 *
 * @param images how many test images were added
 * @param labels how many labels they have in all
 */
public record PseudoLabelledVersion(DatasetInfo dataset, long parentId, long parentFoldAssignmentId, int images,
                                    int labels) {
}
