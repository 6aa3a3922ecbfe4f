package dev.foldhub.pseudolabel;

/**
 * Body of POST /api/submissions/{id}/pseudo-labels: the new data set's name, the least blended probability a
 * predicted label needs (in (0, 1]) and optionally the most labels an image keeps (at least 1; null: no cap).
 */
record PseudoLabelRequest(String name, Double minConfidence, Integer maxLabelsPerImage) {
}
