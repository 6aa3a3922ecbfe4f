package dev.foldhub.training;

/**
 * What one epoch of a fold achieved.
 *
 * @param epoch           1-based epoch number
 * @param trainLoss       mean training loss over the epoch's images
 * @param f2              best sample-averaged F2 of the validation set over the threshold grid
 * @param threshold       the threshold that gave {@code f2}
 * @param lr              learning rate of the epoch's last training batch (schedules move per batch or epoch)
 * @param seconds         wall time of the epoch, training plus validation
 * @param imagesPerSecond training images per second
 * @param f2At05          sample-averaged F2 of the same validation probabilities at threshold 0.5; null when unknown
 * @param valLoss         mean training loss (the configured loss) of the same validation probabilities per image; null
 *                        when unknown (an agent of an older build, a resume file written before it was kept)
 */
public record EpochStats(int epoch, double trainLoss, double f2, double threshold, double lr,
                         double seconds, double imagesPerSecond, Double f2At05, Double valLoss) {

    /** The F2 at threshold 0.5 of the validation probabilities; the threshold-searched F2 is {@link #f2}. */
    public static final double FIXED_THRESHOLD = 0.5;

    /** An epoch without the validation loss. */
    public EpochStats(int epoch, double trainLoss, double f2, double threshold, double lr, double seconds,
                      double imagesPerSecond, Double f2At05) {
        this(epoch, trainLoss, f2, threshold, lr, seconds, imagesPerSecond, f2At05, null);
    }

    /** An epoch without the F2 at threshold 0.5 and the validation loss. */
    public EpochStats(int epoch, double trainLoss, double f2, double threshold, double lr, double seconds,
                      double imagesPerSecond) {
        this(epoch, trainLoss, f2, threshold, lr, seconds, imagesPerSecond, null, null);
    }
}
