package dev.foldhub.submission;

/**
 * POST /api/ensembles/{id}/submissions. ttas: views per image, every second one mirrored (null: each experiment's
 * test.num_ttas); combine: "mean" (default) or "max" over the views; thresholds: "fold" (default: each fold's OOF threshold, score > 0), "tuned" (the ensemble's
 * tuned global threshold), "groups" (its tuned culture::/tag:: thresholds) or "postprocess" (its chosen post-processing
 * rule, or the one given in postprocess: {@code dev.foldhub.ensemble.PostprocessSpec}, relative.offset required).
 */
record SubmissionRequest(Integer ttas, String combine, String thresholds, Object postprocess) {
}
