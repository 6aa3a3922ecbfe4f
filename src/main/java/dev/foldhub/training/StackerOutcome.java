package dev.foldhub.training;

/**
 * A stacker fold's result: the fold's outcome as an image fold's (best epoch, OOF probabilities, checkpoint) and
 * the best epoch's probabilities of the test rows (null when the data had none), row-major testRows x C.
 */
public record StackerOutcome(FoldOutcome fold, float[] test, int testRows) {
}
