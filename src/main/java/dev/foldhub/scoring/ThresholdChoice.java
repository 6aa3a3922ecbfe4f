package dev.foldhub.scoring;

/** The best global threshold of a validation and the sample-averaged F2 it gives. */
public record ThresholdChoice(double threshold, double f2) {
}
