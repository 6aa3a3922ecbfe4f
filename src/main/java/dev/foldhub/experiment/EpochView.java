package dev.foldhub.experiment;

/**
 * One epoch as the API shows it (JSON names are a contract). Values an externally reported epoch did not
 * carry are null; a trained epoch has them all (valLoss: the configured loss over the validation images, null for
 * epochs stored before the trainer computed it or reported by an agent of an older build).
 * f2 is the threshold-searched F2, f2At05 the F2 of the same predictions at threshold 0.5 (null for epochs
 * reported from outside or stored before it was computed).
 */
public record EpochView(int epoch, Double trainLoss, Double f2, Double threshold, Double lr, Double seconds,
                        Double imagesPerSecond, Double valLoss, Double f2At05) {

    /** An epoch without the F2 at threshold 0.5. */
    public EpochView(int epoch, Double trainLoss, Double f2, Double threshold, Double lr, Double seconds,
                     Double imagesPerSecond, Double valLoss) {
        this(epoch, trainLoss, f2, threshold, lr, seconds, imagesPerSecond, valLoss, null);
    }
}
