package dev.foldhub.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * A fold's validation: the model's sigmoid probabilities for the validation images (their TTA views merged), the
 * threshold search on sample-averaged F2 over them, and the validation loss: the training loss of those probabilities
 * (as logits) against the labels, averaged over the validation images, in the same pass.
 */
final class FoldValidation {

    private static final float PROBABILITY_FLOOR = 1e-6f;

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

    /** The probabilities of {@code set} (validation images in file order), the best threshold on them, the loss. */
    Result validate(Trainer trainer, BatchLoader set, TrainingProgress progress) {
        float[] probabilities = new float[labels.length * classes];
        double loss = predict(trainer, set, progress, probabilities);
        return new Result(probabilities, ThresholdSearch.best(probabilities, labels, classes, grid), loss);
    }

    /** Sample-averaged F2 of {@code probabilities} at {@link EpochStats#FIXED_THRESHOLD}. */
    double f2AtFixedThreshold(float[] probabilities) {
        return F2Score.sampleAveraged(probabilities, labels, classes, EpochStats.FIXED_THRESHOLD);
    }

    /**
     * Fills {@code probabilities} with the sigmoid probabilities in eval mode, row-major in data set order, the TTA
     * views merged as {@code tta} says; returns the mean over images of the trainer's loss on them.
     */
    private double predict(Trainer trainer, BatchLoader set, TrainingProgress progress, float[] probabilities) {
        int offset = 0;
        double lossSum = 0;
        int images = 0;
        try (LoaderPass batches = set.pass(trainer.getManager())) {
            for (Batch batch : batches) {
                try (batch) {
                    progress.throwIfCancelled();
                    NDArray pixels = batch.getData().singletonOrThrow();
                    int views = (int) (pixels.getShape().get(0) / batch.getSize());
                    NDArray merged = tta.predict(pixels, views, trainer::evaluate);
                    float[] values = merged.toFloatArray();
                    System.arraycopy(values, 0, probabilities, offset, values.length);
                    offset += values.length;
                    // the loss is a batch mean: weighted by the batch's images, as the training loss is
                    lossSum += batchLoss(trainer, merged, batch.getLabels()) * batch.getSize();
                    images += batch.getSize();
                }
            }
        }
        return images == 0 ? Double.NaN : lossSum / images;
    }

    /**
     * The trainer's loss of merged probabilities p, given as the logits log(p / (1 - p)) (p clipped to [1e-6, 1 - 1e-6]
     * so a saturated sigmoid stays finite): exactly the loss of the model's logits when there is one view.
     */
    private static double batchLoss(Trainer trainer, NDArray p, NDList targets) {
        NDArray clipped = p.clip(PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR);
        NDArray logits = clipped.log().sub(clipped.neg().add(1).log());
        return trainer.getLoss().evaluate(targets, new NDList(logits)).getFloat();
    }

    /** Probabilities, row-major, the threshold choice on them, and the mean validation loss per image. */
    record Result(float[] probabilities, ThresholdChoice choice, double loss) {
    }
}
