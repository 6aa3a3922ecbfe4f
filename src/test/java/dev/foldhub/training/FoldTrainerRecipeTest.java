package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.schedule.LrPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldTrainerRecipeTest {

    @TempDir
    Path dir;

    // guards the wired recipe: mixup, erase, vflip, cyclic lr per batch, mixed loss and TTA x2 still learn,
    // and EpochStats.lr is the last batch's cyclic lr
    @Test
    void foldWithMixupEraseAndCyclicLrLearns() throws IOException {
        List<LabeledImage> train = SyntheticImages.write(dir, "train", 256, 32, 1);
        List<LabeledImage> validation = SyntheticImages.write(dir, "valid", 80, 32, 2);
        LrPlan cyclic = new LrPlan("cyclic_lr", Map.of("base_lr", 5e-4, "max_lr", 3e-3, "step_size_up", 8.0,
                "gamma", 0.5), null, 1, 1, 1000, 0, 0, 0, List.of());
        Augmentations augmentations = new Augmentations(true, false, 0.5, 0.02, 0.1, 0.3, 3.33, true, 0.5);
        TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(2)
                .maxStepsPerEpoch(0).loss("mixed_bce_focal").hflip(true).testBatchSize(40).numTtas(2).lossWeight(0.3)
                .lrPlan(cyclic).augmentations(augmentations).fit(ImageFit.RESIZE).build();
        List<EpochStats> epochs = new ArrayList<>();
        FoldOutcome outcome = new FoldTrainer(Device.cpu()).train(config,
                new FoldData(SyntheticImages.CLASSES, train, validation, 9), ThresholdGrid.REFERENCE, dir.resolve("ck"),
                FoldTrainerTest.progress(epochs, Integer.MAX_VALUE));
        epochs.forEach(System.out::println);
        assertThat(outcome.bestF2()).isGreaterThan(FoldTrainerTest.allPositiveF2(validation));
        // 16 batches an epoch; epoch 1's last batch is k = 15: cycle 1, x = 15/16, triangle = 1/8
        assertThat(epochs.get(0).lr()).isCloseTo(5e-4 + 2.5e-3 * 0.125, org.assertj.core.api.Assertions.offset(1e-9));
        // epoch 2's last batch is k = 31: cycle 2, triangle 1/8, scaled by 0.5^(2 - 1)
        assertThat(epochs.get(1).lr()).isCloseTo(5e-4 + 2.5e-3 * 0.125 * 0.5,
                org.assertj.core.api.Assertions.offset(1e-9));
    }
}
