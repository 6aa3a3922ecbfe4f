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
 */
public record EpochStats(int epoch, double trainLoss, double f2, double threshold, double lr,
                         double seconds, double imagesPerSecond) {
}
