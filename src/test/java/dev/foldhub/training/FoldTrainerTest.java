package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.Model;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.model.ResNetFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FoldTrainerTest {

    @TempDir
    static Path images;

    static List<LabeledImage> train;
    static List<LabeledImage> validation;

    @TempDir
    Path checkpoints;

    private final FoldTrainer trainer = new FoldTrainer(Device.cpu());

    @BeforeAll
    static void writeImages() throws IOException {
        // drawn at 40 px so the trainer's resize to 32 px is exercised
        train = SyntheticImages.write(images, "train", 320, 40, 1);
        validation = SyntheticImages.write(images, "valid", 100, 40, 2);
    }

    // guards that the whole pipeline (decode, augment, BCE, Adam, eval-mode TTA, threshold search) really learns
    @Test
    void trainerLearnsOnATinySyntheticDataSet() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 42);
        List<EpochStats> reported = new ArrayList<>();
        FoldOutcome outcome = trainer.train(config("adam", 1e-3, 3, 0, 2), data, ThresholdGrid.REFERENCE,
                checkpoints.resolve("fold0"), progress(reported, Integer.MAX_VALUE));

        double baseline = allPositiveF2(validation);
        reported.forEach(System.out::println);
        System.out.printf("best F2 %.4f at epoch %d (threshold %.3f), all-positive baseline F2 %.4f%n",
                outcome.bestF2(), outcome.bestEpoch(), outcome.threshold(), baseline);
        assertThat(outcome.bestF2()).isGreaterThan(baseline + 0.2);
        assertThat(outcome.epochs()).hasSize(3).isEqualTo(reported);
        assertThat(outcome.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3);
        assertThat(outcome.epochs().get(outcome.bestEpoch() - 1).f2()).isEqualTo(outcome.bestF2());
        assertThat(outcome.threshold()).isBetween(0.05, 0.25);
        assertThat(outcome.rows()).isEqualTo(100);
        assertThat(outcome.classes()).isEqualTo(SyntheticImages.CLASSES);
        assertThat(outcome.oofProbabilities()).hasSize(100 * SyntheticImages.CLASSES);
        assertThat(F2Score.sampleAveraged(outcome.oofProbabilities(), labels(validation), SyntheticImages.CLASSES,
                outcome.threshold())).isCloseTo(outcome.bestF2(), offset(1e-9));
        // the epoch's F2 at threshold 0.5 is that of the same validation probabilities (the best epoch's are the OOF)
        assertThat(outcome.epochs().get(outcome.bestEpoch() - 1).f2At05()).isEqualTo(F2Score.sampleAveraged(
                outcome.oofProbabilities(), labels(validation), SyntheticImages.CLASSES, 0.5));
        assertThat(outcome.epochs()).allSatisfy(e -> assertThat(e.f2At05()).isBetween(0.0, 1.0));
        assertThat(outcome.checkpoint()).isRegularFile().hasFileName(String.format(java.util.Locale.ROOT,
                "model_f0_e%02d_%.4f.params", outcome.bestEpoch(), outcome.bestF2()));
        assertThat(outcome.checkpoint().getParent().toFile().list()).as("the best epoch's parameters and resume.ckpt")
                .containsExactlyInAnyOrder(outcome.checkpoint().getFileName().toString(), FoldCheckpoints.RESUME_FILE);
    }

    // guards: two folds trained at the same time in one JVM (an agent with two device slots) both finish; DJL allows
    // one gradient collector per process, and without TrainingLoop's lock the second fold failed "already collecting"
    @Test
    void twoFoldsTrainedAtOnceInOneProcessBothFinish() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<FoldOutcome>> runs = new ArrayList<>();
            for (int fold = 0; fold < 2; fold++) {
                FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 64), validation.subList(0, 16), fold);
                Path dir = checkpoints.resolve("parallel" + fold);
                runs.add(pool.submit(() -> new FoldTrainer(Device.cpu()).train(config("adam", 1e-3, 2, 0, 1), data,
                        ThresholdGrid.REFERENCE, dir, progress(new ArrayList<>(), Integer.MAX_VALUE))));
            }
            for (var run : runs) {
                assertThat(run.get(5, java.util.concurrent.TimeUnit.MINUTES).epochs()).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // guards cancellation: a cancel request stops the fold between batches with the dedicated exception
    @Test
    void cancelRequestAfterTheFirstEpochStopsTraining() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 64), validation.subList(0, 16), 7);
        List<EpochStats> reported = new ArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> trainer.train(config("adam", 1e-3, 5, 2, 1), data, ThresholdGrid.REFERENCE,
                checkpoints, progress(reported, 1)))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(reported).hasSize(1);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }

    // guards cancellation before any work: nothing is decoded or trained
    @Test
    void cancelRequestBeforeStartThrowsAtOnce() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 7);
        assertThatThrownBy(() -> trainer.train(config("adam", 1e-3, 1, 0, 1), data, ThresholdGrid.REFERENCE,
                checkpoints, progress(new ArrayList<>(), 0)))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(checkpoints).isEmptyDirectory();
    }

    // guards the sgd path (momentum, weight decay, dropout) for one epoch, and that its checkpoint loads back
    @Test
    void sgdOptimizerTrainsOneEpoch() throws Exception {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 64), validation.subList(0, 20), 3);
        TrainingConfig sgd = TrainingConfig.builder().arch("resnet18").inputSize(32)
                .numClasses(SyntheticImages.CLASSES).dropout(0.2).batchSize(16).numEpochs(1).maxStepsPerEpoch(0)
                .optimizer("sgd").lr(0.01).momentum(0.9).weightDecay(1e-4).hflip(true).testBatchSize(8)
                .fit(ImageFit.RESIZE).build();
        FoldOutcome outcome = trainer.train(sgd, data, ThresholdGrid.REFERENCE, checkpoints, TrainingProgress.NONE);
        assertThat(outcome.epochs()).hasSize(1);
        assertThat(outcome.epochs().get(0).trainLoss()).isFinite().isPositive();
        assertThat(outcome.oofProbabilities()).hasSize(20 * SyntheticImages.CLASSES);
        assertThat(outcome.checkpoint()).isRegularFile();
        try (Model model = Model.newInstance("reload", Device.cpu())) {
            model.setBlock(ResNetFactory.build("resnet18", SyntheticImages.CLASSES, 0.2));
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(outcome.checkpoint())) {
                model.load(in, java.util.Map.of());
            }
            assertThat(model.getProperty("arch")).isEqualTo("resnet18");
        }
    }

    // guards config validation: unsupported loss, optimizer and TTA count are rejected before training
    @Test
    void rejectsUnsupportedLossOptimizerAndTtas() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 8), validation.subList(0, 4), 1);
        TrainingConfig focal = TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(4).numEpochs(1)
                .maxStepsPerEpoch(0).loss("focal").testBatchSize(4).fit(ImageFit.RESIZE).build();
        assertThatThrownBy(() -> trainer.train(focal, data, ThresholdGrid.REFERENCE, checkpoints,
                TrainingProgress.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("focal");
        assertThatThrownBy(() -> trainer.train(config("rmsprop", 1e-3, 1, 0, 1), data, ThresholdGrid.REFERENCE,
                checkpoints, TrainingProgress.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> trainer.train(config("adam", 1e-3, 1, 0, 0), data, ThresholdGrid.REFERENCE,
                checkpoints, TrainingProgress.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_ttas");
    }

    static TrainingConfig config(String optimizer, double lr, int epochs, int maxSteps, int numTtas) {
        return TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(epochs)
                .maxStepsPerEpoch(maxSteps).optimizer(optimizer).lr(lr).momentum(0.9).hflip(true).testBatchSize(50)
                .numTtas(numTtas).fit(ImageFit.RESIZE).build();
    }

    /** Records epochs; asks to cancel once {@code cancelAfterEpochs} epochs have been reported. */
    public static TrainingProgress progress(List<EpochStats> reported, int cancelAfterEpochs) {
        AtomicInteger epochs = new AtomicInteger();
        return new TrainingProgress() {
            @Override
            public void onEpoch(EpochStats stats) {
                reported.add(stats);
                epochs.incrementAndGet();
            }

            @Override
            public boolean cancelRequested() {
                return epochs.get() >= cancelAfterEpochs;
            }
        };
    }

    static int[][] labels(List<LabeledImage> images) {
        return images.stream().map(LabeledImage::labels).toArray(int[][]::new);
    }

    /** F2 of predicting every label for every row: the score a model must clearly beat. */
    public static double allPositiveF2(List<LabeledImage> images) {
        float[] ones = new float[images.size() * SyntheticImages.CLASSES];
        Arrays.fill(ones, 1f);
        return F2Score.sampleAveraged(ones, labels(images), SyntheticImages.CLASSES, 0.5);
    }
}
