package dev.foldhub.prediction;

/** A stored fold's OOF predictions without the data: which epoch, its threshold, F2 and shape. */
public record OofSummary(long experimentId, int fold, int epoch, double threshold, double f2, int rows, int classes) {
}
