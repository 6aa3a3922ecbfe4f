package dev.foldhub.scoring.oof;

/**
 * A label of a row on which the truth and the prediction disagree (a false positive or a false negative).
 *
 * @param truth         whether train.csv gives the row this label
 * @param probabilities each model's probability of the label on the row, in model order
 */
public record DisputedLabel(int label, boolean truth, float[] probabilities) {
}
