package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.image.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation loss each epoch reports: the configured loss over the validation images, from the same pass. */
class ValidationLossTest {

    @TempDir
    Path dir;

    // guards issue 15: every trained epoch reports a validation loss (it was null), and it is the BCE of the epoch's
    // validation probabilities against the labels (computed here from the OOF, the best epoch's probabilities)
    @Test
    void everyEpochReportsTheBceOfItsValidationProbabilities() throws IOException {
        List<LabeledImage> train = SyntheticImages.write(dir, "train", 64, 40, 1);
        List<LabeledImage> validation = SyntheticImages.write(dir, "valid", 20, 40, 2);
        // test batches of 8, 8 and 4: the loss is a mean over images, not over batches
        TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(2)
                .optimizer("adam").lr(1e-3).testBatchSize(8).numTtas(1).fit(ImageFit.RESIZE).build();
        List<EpochStats> reported = new ArrayList<>();
        FoldOutcome outcome = new FoldTrainer(Device.cpu()).train(config,
                new FoldData(SyntheticImages.CLASSES, train, validation, 5), ThresholdGrid.REFERENCE,
                new FoldCheckpoints(dir.resolve("fold0"), "r18", 0),
                FoldTrainerTest.progress(reported, Integer.MAX_VALUE));

        assertThat(reported).hasSize(2).allSatisfy(e -> assertThat(e.valLoss()).isNotNull().isFinite().isPositive());
        EpochStats best = outcome.epochs().get(outcome.bestEpoch() - 1);
        assertThat(best.valLoss()).isCloseTo(meanBce(outcome.oofProbabilities(),
                FoldTrainerTest.labels(validation), SyntheticImages.CLASSES), offset(1e-4));
    }

    /** Mean over all rows and classes of -(y log p + (1 - y) log(1 - p)), p clipped to [1e-6, 1 - 1e-6]. */
    private static double meanBce(float[] p, int[][] labels, int classes) {
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            boolean[] positive = new boolean[classes];
            for (int label : labels[r]) {
                positive[label] = true;
            }
            for (int c = 0; c < classes; c++) {
                double q = Math.min(Math.max(p[r * classes + c], 1e-6), 1 - 1e-6);
                sum -= positive[c] ? Math.log(q) : Math.log(1 - q);
            }
        }
        return sum / ((double) labels.length * classes);
    }
}
