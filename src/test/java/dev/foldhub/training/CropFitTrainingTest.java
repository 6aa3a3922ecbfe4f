package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.image.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.fit crop (the reference's geometry) end to end on images bigger than input_size: train, resume, predict. */
class CropFitTrainingTest {

    @TempDir
    static Path images;

    static List<LabeledImage> train;
    static List<LabeledImage> validation;

    @TempDir
    Path dir;

    private final FoldTrainer trainer = new FoldTrainer(Device.cpu());

    @BeforeAll
    static void writeImages() throws IOException {
        // 40 px images, 32 px crops: every epoch and view sees another window
        train = SyntheticImages.write(images, "train", 256, 40, 21);
        validation = SyntheticImages.write(images, "valid", 48, 40, 22);
    }

    /** resnet18 at 32 px, Adam, hflip, crops; numTtas views merged by combine. */
    static TrainingConfig config(int epochs, int numTtas, TtaCombine combine, int testBatchSize) {
        return TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(epochs)
                .maxStepsPerEpoch(0).hflip(true).testBatchSize(testBatchSize).numTtas(numTtas).lossWeight(0)
                .ttaCombine(combine).fit(ImageFit.CROP).build();
    }

    // guards the reference's geometry end to end: a short fold on random crops with 2 crop views per validation image
    // finishes and learns, and a prediction from its checkpoint takes the same crops whatever test.batch_size, and
    // for max and mean (so max >= mean)
    @Test
    void aShortFoldOnRandomCropsLearnsAndItsPredictionsRepeat() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 42);
        List<EpochStats> epochs = new ArrayList<>();
        FoldOutcome outcome = trainer.train(config(3, 2, TtaCombine.MEAN, 16), data, ThresholdGrid.REFERENCE,
                dir.resolve("fold"), FoldTrainerTest.progress(epochs, Integer.MAX_VALUE));

        double baseline = FoldTrainerTest.allPositiveF2(validation);
        epochs.forEach(System.out::println);
        System.out.printf("crop: best F2 %.4f (all-positive baseline %.4f)%n", outcome.bestF2(), baseline);
        assertThat(outcome.epochs()).hasSize(3);
        assertThat(outcome.bestF2()).isGreaterThan(baseline + 0.1);
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(outcome.oofProbabilities()).hasSize(validation.size() * SyntheticImages.CLASSES);

        List<Path> paths = validation.stream().map(LabeledImage::path).toList();
        TestPredictor predictor = new TestPredictor(Device.cpu());
        float[] mean3 = predictor.predict(config(3, 3, TtaCombine.MEAN, 16), SyntheticImages.CLASSES,
                outcome.checkpoint(), paths, 3, () -> false).probabilities();
        float[] again = predictor.predict(config(3, 3, TtaCombine.MEAN, 5), SyntheticImages.CLASSES,
                outcome.checkpoint(), paths, 3, () -> false).probabilities();
        float[] max3 = predictor.predict(config(3, 3, TtaCombine.MAX, 16), SyntheticImages.CLASSES,
                outcome.checkpoint(), paths, 3, () -> false).probabilities();
        for (int i = 0; i < mean3.length; i++) {
            // the same crops; libtorch's kernels round a batch of 5 a little differently from one of 16
            assertThat(again[i]).as("batches of 5 instead of 16").isCloseTo(mean3[i], offset(1e-5f));
            assertThat(max3[i]).isGreaterThanOrEqualTo(mean3[i] - 1e-6f);
        }
        assertThat(max3).isNotEqualTo(mean3);
        double f2 = F2Score.sampleAveraged(mean3, FoldTrainerTest.labels(validation), SyntheticImages.CLASSES,
                outcome.threshold());
        System.out.printf("crop: test prediction of the validation images with 3 views F2 %.4f%n", f2);
        assertThat(f2).isGreaterThan(baseline + 0.05);
    }

    // guards resume with crops: a fold stopped after epoch 1 continues with epoch 2 drawing the same training and
    // validation crops as the uninterrupted run (the validation pass is the epoch's), so losses and F2 match
    @Test
    void aResumedFoldDrawsTheSameCropsAsAnUninterruptedOne() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 64), validation.subList(0, 24), 9);
        TrainingConfig config = config(2, 2, TtaCombine.MAX, 16);
        FoldOutcome expected = trainer.train(config, data, ThresholdGrid.REFERENCE,
                new FoldCheckpoints(dir.resolve("whole"), "r18", 0), TrainingProgress.NONE);

        FoldCheckpoints stopped = new FoldCheckpoints(dir.resolve("stopped"), "r18", 0);
        RecordingProgress first = new RecordingProgress(1);
        assertThatThrownBy(() -> trainer.train(config, data, ThresholdGrid.REFERENCE, stopped, first))
                .isInstanceOf(TrainingCancelledException.class);
        FoldOutcome resumed = trainer.train(config, data, ThresholdGrid.REFERENCE, stopped,
                new RecordingProgress(Integer.MAX_VALUE));

        for (int e = 0; e < 2; e++) {
            EpochStats a = expected.epochs().get(e);
            EpochStats b = resumed.epochs().get(e);
            System.out.printf("crop epoch %d loss %.7f / %.7f, F2 %.4f / %.4f%n", e + 1, a.trainLoss(), b.trainLoss(),
                    a.f2(), b.f2());
            assertThat(b.trainLoss()).isCloseTo(a.trainLoss(), offset(1e-5));
            assertThat(b.f2()).isCloseTo(a.f2(), offset(1e-3));
        }
        float[] a = expected.oofProbabilities();
        float[] b = resumed.oofProbabilities();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], offset(1e-4f));
        }
    }
}
