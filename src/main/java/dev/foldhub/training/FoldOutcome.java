package dev.foldhub.training;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of training one fold.
 *
 * @param bestEpoch         1-based epoch with the highest validation F2 (the first of equals)
 * @param bestF2            that epoch's F2
 * @param threshold         that epoch's best threshold
 * @param oofProbabilities  that epoch's sigmoid probabilities (TTA applied) of the validation images,
 *                          row-major rows x classes, in {@link FoldData#validation()} order
 * @param rows              number of validation images
 * @param classes           number of classes
 * @param epochs            every epoch's stats, in order
 * @param checkpoint        the saved parameters of the best epoch
 */
public record FoldOutcome(int bestEpoch, double bestF2, double threshold, float[] oofProbabilities,
                          int rows, int classes, List<EpochStats> epochs, Path checkpoint) {

    public FoldOutcome {
        epochs = List.copyOf(epochs);
    }
}
