package dev.foldhub.experiment;

/**
 * A request to recompute one fold's OOF predictions from its best checkpoint with {@code numTtas} TTAs.
 *
 * @param id           the request's id, the PREDICT_OOF job's subject
 * @param experimentId the experiment
 * @param fold         the fold
 * @param numTtas      1 (original) or 2 (original + horizontal flip)
 */
public record OofRecomputation(long id, long experimentId, int fold, int numTtas) {
}
