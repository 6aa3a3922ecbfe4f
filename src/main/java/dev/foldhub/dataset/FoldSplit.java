package dev.foldhub.dataset;

/**
 * One fold's train/validation split of a data set, both in train.csv order: the rows of the fold validate, every
 * other row trains. Made only by {@link FoldAssignment#split(int)}, the one place that reads a stored fold number.
 */
public record FoldSplit(int[] train, int[] validation) {
}
