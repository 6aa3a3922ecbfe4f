package dev.foldhub.experiment;

/**
 * One member's inputs to a stacker fold, row-major x classes: its OOF probabilities of the plan's training rows and
 * of its validation rows (same orders), and the mean of its folds' stored test predictions (null when it has none).
 */
public record Level2MemberInputs(long experimentId, float[] train, float[] validation, float[] test, int testRows) {
}
