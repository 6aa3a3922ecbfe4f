package dev.foldhub.experiment;

/**
 * A finished fold's model as test inference needs it.
 *
 * @param threshold  the fold's OOF threshold
 * @param checkpoint the best epoch's parameters, relative to the artifact directory; null for an imported fold
 */
public record FoldModel(int fold, double threshold, String checkpoint) {
}
