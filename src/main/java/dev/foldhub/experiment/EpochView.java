package dev.foldhub.experiment;

/**
 * One epoch as the API shows it (JSON names are a contract). Values an externally reported epoch did not
 * carry are null (a trained epoch has them all but valLoss, which Foldhub's trainer does not compute).
 */
public record EpochView(int epoch, Double trainLoss, Double f2, Double threshold, Double lr, Double seconds,
                        Double imagesPerSecond, Double valLoss) {
}
