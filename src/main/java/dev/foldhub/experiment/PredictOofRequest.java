package dev.foldhub.experiment;

/**
 * Body of POST /api/experiments/{id}/folds/{k}/predict-oof (optional).
 *
 * @param ttas 1 or 2; null for the experiment's test.num_ttas
 */
record PredictOofRequest(Integer ttas) {
}
