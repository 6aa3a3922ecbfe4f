package dev.foldhub.pseudolabel;

/**
 * The data set version pseudo-labels registered (JSON names are a contract): its id, name and path, its parent and
 * the parent's fold assignment whose folds the parent's rows keep, the submission and settings the labels came from,
 * how many test images and labels were added, and the new train.csv's size (parent rows + images).
 */
record PseudoLabelResponse(long datasetId, String name, String path, long parentId, long parentFoldAssignment,
                           long submission, double minConfidence, Integer maxLabelsPerImage, int images, int labels,
                           int numTrainImages, int numFolds) {
}
