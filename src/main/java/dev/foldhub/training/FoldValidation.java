package dev.foldhub.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.scoring.ThresholdSearch;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.LoaderPass;
import java.util.List;

/**
 * A fold's validation: the model's sigmoid probabilities for the validation images (their TTA views merged) and the
 * threshold search on sample-averaged F2 over them.
 */
final class FoldValidation {

    private final int[][] labels;
    private final int classes;
    private final ThresholdGrid grid;
    private final TtaPlan tta;

    FoldValidation(List<LabeledImage> images, int classes, ThresholdGrid grid, TtaPlan tta) {
        this.labels = images.stream().map(LabeledImage::labels).toArray(int[][]::new);
        this.classes = classes;
        this.grid = grid;
        this.tta = tta;
    }

    /** The probabilities of {@code set} (validation images in file order) and the best threshold on them. */
    Result validate(Trainer trainer, BatchLoader set, TrainingProgress progress) {
        float[] probabilities = predict(trainer, set, progress);
        return new Result(probabilities, ThresholdSearch.best(probabilities, labels, classes, grid));
    }

    /** Sample-averaged F2 of {@code probabilities} at {@link EpochStats#FIXED_THRESHOLD}. */
    double f2AtFixedThreshold(float[] probabilities) {
        return F2Score.sampleAveraged(probabilities, labels, classes, EpochStats.FIXED_THRESHOLD);
    }

    /** Sigmoid probabilities in eval mode, row-major in data set order, the TTA views merged as {@code tta} says. */
    private float[] predict(Trainer trainer, BatchLoader set, TrainingProgress progress) {
        float[] probabilities = new float[labels.length * classes];
        int offset = 0;
        try (LoaderPass batches = set.pass(trainer.getManager())) {
            for (Batch batch : batches) {
                try (batch) {
                    progress.throwIfCancelled();
                    NDArray images = batch.getData().singletonOrThrow();
                    int views = (int) (images.getShape().get(0) / batch.getSize());
                    float[] values = tta.predict(images, views, trainer::evaluate).toFloatArray();
                    System.arraycopy(values, 0, probabilities, offset, values.length);
                    offset += values.length;
                }
            }
        }
        return probabilities;
    }

    /** Probabilities, row-major, and the threshold choice on them. */
    record Result(float[] probabilities, ThresholdChoice choice) {
    }
}
