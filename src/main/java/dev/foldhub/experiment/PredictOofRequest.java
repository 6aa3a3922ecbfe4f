package dev.foldhub.experiment;

/**
 * Body of POST /api/experiments/{id}/folds/{k}/predict-oof (optional).
 *
 * @param ttas views per image (every second one mirrored), at least 1; null for the experiment's test.num_ttas
 */
record PredictOofRequest(Integer ttas) {
}
