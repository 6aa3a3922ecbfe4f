package dev.foldhub.training.checkpoint;

import dev.foldhub.training.EpochStats;
import dev.foldhub.training.optim.SwaAverage;
import java.util.List;

/**
 * What a fold had done when its last epoch finished, besides the arrays (parameters, optimizer state, SWA average)
 * that {@link ResumeFile} streams into the model.
 *
 * @param fingerprint       {@link ConfigFingerprint} of the run; another value means start over
 * @param epoch             the last finished epoch (1-based)
 * @param bestEpoch         the best epoch so far ({@link SwaAverage#EPOCH} for the averaged model)
 * @param bestF2            its validation F2
 * @param bestThreshold     its threshold
 * @param bestFile          file name of the best epoch's parameters, in the checkpoint directory
 * @param rows              validation rows
 * @param classes           classes
 * @param bestProbabilities the best epoch's OOF probabilities, rows x classes
 * @param epochs            every finished epoch's stats, in order
 * @param batches           training batches of each finished epoch (the lr schedule is replayed from them)
 * @param randoms           the shuffle, augmentation and mixup random streams, serialized {@link java.util.Random}s
 */
public record ResumeState(String fingerprint, int epoch, int bestEpoch, double bestF2, double bestThreshold, String bestFile, int rows, int classes,
                   float[] bestProbabilities, List<EpochStats> epochs, int[] batches, List<byte[]> randoms) {

    public ResumeState {
        epochs = List.copyOf(epochs);
        randoms = List.copyOf(randoms);
    }
}
