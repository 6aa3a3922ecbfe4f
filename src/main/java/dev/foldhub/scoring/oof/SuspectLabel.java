package dev.foldhub.scoring.oof;

/**
 * A label of a row that train.csv likely gets wrong.
 *
 * @param agreeing      how many models back the suspicion (predict a missing label with at least the minimum
 *                      confidence; reject a given label below their threshold by the margin)
 * @param confidence    for a missing label the mean probability over the models; for a wrong label 1 minus it
 * @param probabilities each model's probability of the label on the row, in model order
 */
public record SuspectLabel(int row, int label, int agreeing, double confidence, float[] probabilities) {
}
