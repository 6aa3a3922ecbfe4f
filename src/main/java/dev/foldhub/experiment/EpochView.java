package dev.foldhub.experiment;

/** One epoch as the API shows it (JSON names are a contract). */
public record EpochView(int epoch, double trainLoss, double f2, double threshold, double lr, double seconds,
                        double imagesPerSecond) {
}
