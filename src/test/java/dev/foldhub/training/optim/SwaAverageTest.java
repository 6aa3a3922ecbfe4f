package dev.foldhub.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.SyntheticImages;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.image.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stochastic weight averaging: the reference's snapshot epochs, the running mean, and BatchNorm recomputation. */
class SwaAverageTest {

    @TempDir
    Path dir;

    // guards the reference's schedule: update_swa after 0-based epoch e > 0 with e % period == 0
    @Test
    void snapshotsFollowTheReferenceEpochs() {
        assertThat(IntStream.rangeClosed(1, 10).filter(e -> SwaAverage.snapshotAfter(e, 3)).boxed().toList())
                .containsExactly(4, 7, 10);
        assertThat(IntStream.rangeClosed(1, 4).filter(e -> SwaAverage.snapshotAfter(e, 1)).boxed().toList())
                .containsExactly(2, 3, 4);
    }

    // guards the running mean: after n snapshots every weight is their plain average
    @Test
    void theRunningAverageIsTheMeanOfTheSnapshots() {
        float[] average = {1, -2, 10};
        SwaAverage.accumulate(average, new float[] {3, 2, 20}, 1);
        SwaAverage.accumulate(average, new float[] {5, 3, -30}, 2);
        assertThat(average[0]).isCloseTo(3f, offset(1e-6f));
        assertThat(average[1]).isCloseTo(1f, offset(1e-6f));
        assertThat(average[2]).isCloseTo(0f, offset(1e-5f));
    }

    // guards add/applyTo on a real block: trainable parameters become the mean, BatchNorm statistics are left alone
    @Test
    void applyingTheAverageSetsTheMeanOfTheTrainableParameters() {
        try (Model model = Model.newInstance("swa", Device.cpu())) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(2, 3));
                SwaAverage swa = new SwaAverage();
                Parameter weight = parameter(model, "weight");
                Parameter runningMean = parameter(model, "runningMean");
                float[] w1 = weight.getArray().toFloatArray();
                swa.add(model.getBlock());
                float[] w2 = new float[w1.length];
                for (int i = 0; i < w2.length; i++) {
                    w2[i] = w1[i] + 2 * i + 1;
                }
                weight.getArray().set(w2);
                runningMean.getArray().set(new float[] {7, 7, 7, 7});
                swa.add(model.getBlock());
                weight.getArray().set(new float[w1.length]);
                swa.applyTo(model.getBlock());
                float[] averaged = weight.getArray().toFloatArray();
                for (int i = 0; i < averaged.length; i++) {
                    assertThat(averaged[i]).isCloseTo((w1[i] + w2[i]) / 2, offset(1e-5f));
                }
                assertThat(runningMean.getArray().toFloatArray()).containsExactly(7, 7, 7, 7);
                assertThat(swa.snapshots()).isEqualTo(2);
            }
        }
    }

    // guards bn_update: after one pass the running mean and variance are the batch statistics averaged by batch size
    @Test
    void batchNormStatisticsAreRecomputedAsTheAverageOverTheData() throws Exception {
        int size = 4;
        int n = 10;
        int batch = 4;
        Random random = new Random(3);
        float[][] pixels = new float[n][3 * size * size];
        for (float[] image : pixels) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (random.nextGaussian() * (1 + i / (size * size)) + i / (size * size));
            }
        }
        int[][] labels = new int[n][0];
        try (Model model = Model.newInstance("bn", Device.cpu())) {
            float[] flat = new float[n * 3 * size * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels[i], 0, flat, i * pixels[i].length, pixels[i].length);
            }
            ArrayDataset set = new ArrayDataset.Builder()
                    .setData(model.getNDManager().create(flat, new Shape(n, 3, size, size)))
                    .optLabels(model.getNDManager().zeros(new Shape(n, 2)))
                    .setSampling(batch, false).build();
            model.setBlock(new SequentialBlock().add(BatchNorm.builder().optMomentum(0.9f).build()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3, size, size));
                BatchNormRecompute.run(trainer, trainer.iterateDataset(set), TrainingProgress.NONE);
                float[] mean = parameter(model, "runningMean").getArray().toFloatArray();
                float[] variance = parameter(model, "runningVar").getArray().toFloatArray();
                for (int c = 0; c < 3; c++) {
                    double expectedMean = 0;
                    double expectedVariance = 0;
                    for (int from = 0; from < n; from += batch) {
                        int to = Math.min(n, from + batch);
                        double[] s = channelStats(pixels, from, to, c, size);
                        expectedMean += s[0] * (to - from) / n;
                        expectedVariance += s[1] * (to - from) / n;
                    }
                    assertThat((double) mean[c]).isCloseTo(expectedMean, offset(1e-4));
                    assertThat((double) variance[c]).isCloseTo(expectedVariance, offset(1e-3));
                }
            }
        }
    }

    // guards SWA inside a fold: averaging runs after the last epoch and the kept model is self-consistent
    // (its OOF at its threshold scores its F2; an averaged winner is recorded as epoch 99 under swa.py's name),
    // with either data.fit (crop: the BatchNorm pass and the average's validation take crops too)
    @ParameterizedTest
    @EnumSource(ImageFit.class)
    void aFoldWithSwaKeepsTheBetterOfTheBestEpochAndTheAverage(ImageFit fit) throws IOException {
        int side = fit == ImageFit.CROP ? 40 : 32; // crops of 32 from 40 px images
        List<LabeledImage> train = SyntheticImages.write(dir, "train", 64, side, 21);
        List<LabeledImage> validation = SyntheticImages.write(dir, "valid", 24, side, 22);
        TrainingConfig swa = TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(3)
                .maxStepsPerEpoch(0).hflip(true).testBatchSize(32).swa(new SwaSettings(true, 1)).fit(fit).build();
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 9);
        FoldCheckpoints checkpoints = new FoldCheckpoints(dir.resolve("ckpt-" + fit), "swa", 1);
        FoldOutcome outcome = new FoldTrainer(Device.cpu()).train(swa, data, ThresholdGrid.REFERENCE, checkpoints,
                TrainingProgress.NONE);
        double bestEpochF2 = outcome.epochs().stream().mapToDouble(EpochStats::f2).max().orElseThrow();
        System.out.printf(Locale.ROOT, "best epoch F2 %.4f, kept epoch %d with F2 %.4f%n", bestEpochF2,
                outcome.bestEpoch(), outcome.bestF2());
        assertThat(outcome.bestF2()).isGreaterThanOrEqualTo(bestEpochF2);
        assertThat(outcome.bestEpoch() == SwaAverage.EPOCH || outcome.bestF2() == bestEpochF2).isTrue();
        assertThat(outcome.checkpoint()).isRegularFile()
                .hasFileName(checkpoints.bestName(outcome.bestEpoch(), outcome.bestF2()));
        int[][] truth = validation.stream().map(LabeledImage::labels).toArray(int[][]::new);
        assertThat(F2Score.sampleAveraged(outcome.oofProbabilities(), truth, SyntheticImages.CLASSES,
                outcome.threshold())).isCloseTo(outcome.bestF2(), offset(1e-9));
    }

    /** {mean, unbiased variance} of channel c over images [from, to). */
    private static double[] channelStats(float[][] pixels, int from, int to, int c, int size) {
        int plane = size * size;
        double sum = 0;
        int count = (to - from) * plane;
        for (int i = from; i < to; i++) {
            for (int k = 0; k < plane; k++) {
                sum += pixels[i][c * plane + k];
            }
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = from; i < to; i++) {
            for (int k = 0; k < plane; k++) {
                double d = pixels[i][c * plane + k] - mean;
                squares += d * d;
            }
        }
        return new double[] {mean, squares / (count - 1)};
    }

    private static Parameter parameter(Model model, String suffix) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter " + suffix);
    }
}
