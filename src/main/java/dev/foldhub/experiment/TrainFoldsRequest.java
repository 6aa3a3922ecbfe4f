package dev.foldhub.experiment;

/**
 * Body of POST /api/experiments/{id}/folds: the folds to train, as [2, 3, 4] or "2,3,4" (required).
 *
 * @param folds fold numbers in 0..k-1 that the experiment has no job for yet
 */
record TrainFoldsRequest(Object folds) {
}
