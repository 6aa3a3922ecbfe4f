package dev.foldhub.submission;

/**
 * POST /api/ensembles/{id}/submissions. ttas: 1 or 2 (null: each experiment's test.num_ttas); combine: "mean"
 * (the only one); thresholds: "fold" (default: each fold's OOF threshold, score > 0), "tuned" (the ensemble's
 * tuned global threshold) or "groups" (its tuned culture::/tag:: thresholds).
 */
record SubmissionRequest(Integer ttas, String combine, String thresholds) {
}
