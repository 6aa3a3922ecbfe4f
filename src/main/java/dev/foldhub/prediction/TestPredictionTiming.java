package dev.foldhub.prediction;

/** How fast a fold model predicted the test set here: rows images in seconds (wall time of the whole job). */
public record TestPredictionTiming(long experimentId, int fold, int numTtas, int rows, double imagesPerSecond,
                                   double seconds) {
}
