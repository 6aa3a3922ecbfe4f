package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.scoring.ThresholdSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trains one fold: a ResNet or a TorchScript module ({@link ModelBlocks}) trains with BCE-on-logits on batches a
 * threaded {@link BatchLoader} prepares, validates after every epoch (threshold search on sample-averaged F2),
 * keeps the best epoch's parameters and out-of-fold probabilities.
 */
public class FoldTrainer {

    private final Device device;
    private final LoaderSettings loader;

    public FoldTrainer(Device device) {
        this(device, LoaderSettings.defaults());
    }

    /** Trains on {@code device} (every array and the model's parameters live there) with this data pipeline. */
    public FoldTrainer(Device device, LoaderSettings loader) {
        this.device = device;
        this.loader = loader;
    }

    /**
     * @throws TrainingCancelledException when {@code progress} asks to stop
     * @throws IllegalArgumentException   for an unsupported arch, loss, optimizer or TTA count, or bad labels
     * @throws UncheckedIOException       when an image cannot be read or the checkpoint cannot be written
     */
    public FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, Path checkpointDir,
                             TrainingProgress progress) {
        int classes = data.numClasses();
        check(config, data);
        checkCancelled(progress);
        int size = config.inputSize();
        int rows = data.validation().size();

        Engine.getInstance().setRandomSeed((int) (data.seed() ^ (data.seed() >>> 32)));
        Random random = new Random(data.seed());
        AtomicLong cacheBudget = new AtomicLong(loader.cacheBytes()); // shared by both sets
        BatchLoader trainSet = new BatchLoader(new DecodedImageCache(data.train(), size, cacheBudget), size, classes,
                config.hflip(), config.augmentations(), random.nextLong(),
                new SeededBatchSampler(config.batchSize(), config.shuffle() ? random : null, true), loader);
        BatchLoader validationSet = new BatchLoader(new DecodedImageCache(data.validation(), size, cacheBudget), size,
                classes, false, null, 0, new SeededBatchSampler(config.testBatchSize(), null, false), loader);
        int[][] validationLabels = data.validation().stream().map(LabeledImage::labels).toArray(int[][]::new);

        List<EpochStats> epochs = new ArrayList<>();
        EpochStats best = null;
        float[] bestProbabilities = null;
        Path checkpoint = null;
        int stepsPerEpoch = TrainingLoop.batchesPerPass(data.train().size(), config.batchSize());
        stepsPerEpoch = config.maxStepsPerEpoch() > 0 ? Math.min(stepsPerEpoch, config.maxStepsPerEpoch()) : stepsPerEpoch;
        LrDriver lr = new LrDriver(config.lrPlan(), config.lr(), stepsPerEpoch);
        SettableTracker tracker = new SettableTracker(config.lr());
        TrainingLoop loop = new TrainingLoop(config, tracker, new Random(random.nextLong()));
        try (Model model = Model.newInstance("foldhub-" + config.arch(), device);
             Trainer trainer = newTrainer(model, config, classes, tracker)) {
            trainer.initialize(new Shape(1, 3, size, size));
            if (lr.warmup() != null) { // train.py's epoch 0: not validated; the optimizer state carries on
                ModelBlocks.freezeForEpoch(model, config, 0);
                loop.run(trainer, trainSet, config.lrPlan().warmupSteps(), lr.warmup(), progress);
            }
            for (int epoch = 1; epoch <= config.numEpochs(); epoch++) {
                long start = System.nanoTime();
                lr.startEpoch();
                ModelBlocks.freezeForEpoch(model, config, epoch);
                double[] lossAndImages = loop.run(trainer, trainSet, config.maxStepsPerEpoch(), lr, progress);
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                float[] probabilities = predict(trainer, validationSet, rows * classes, config.numTtas(), progress);
                ThresholdChoice choice = ThresholdSearch.best(probabilities, validationLabels, classes, grid);
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochStats stats = new EpochStats(epoch, lossAndImages[0], choice.f2(), choice.threshold(),
                        lossAndImages[2], seconds, lossAndImages[1] / trainSeconds);
                lr.afterEpoch(choice.f2());
                epochs.add(stats);
                progress.onEpoch(stats);
                if (best == null || stats.f2() > best.f2()) {
                    best = stats;
                    bestProbabilities = probabilities;
                    checkpoint = saveBest(model, checkpointDir, epoch, checkpoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FoldOutcome(best.epoch(), best.f2(), best.threshold(), bestProbabilities, rows, classes,
                epochs, checkpoint);
    }

    private Trainer newTrainer(Model model, TrainingConfig config, int classes, SettableTracker lr) {
        model.setBlock(ModelBlocks.forTraining(config, classes, model.getNDManager()));
        model.setProperty("arch", config.arch());
        model.setProperty("inputSize", String.valueOf(config.inputSize()));
        model.setProperty("numClasses", String.valueOf(classes));
        return model.newTrainer(TrainingSetup.trainingConfig(config, device, lr));
    }

    /** Sigmoid probabilities in eval mode, row-major in data set order; with 2 TTAs the mean with the mirrored image's. */
    private static float[] predict(Trainer trainer, BatchLoader set, int length, int numTtas,
                                   TrainingProgress progress) {
        float[] probabilities = new float[length];
        int offset = 0;
        try (LoaderPass batches = set.pass(trainer.getManager())) {
            for (Batch batch : batches) {
                try (batch) {
                    checkCancelled(progress);
                    NDArray images = batch.getData().singletonOrThrow();
                    NDArray p = Activation.sigmoid(trainer.evaluate(new NDList(images)).singletonOrThrow());
                    if (numTtas == 2) {
                        // p = (sigmoid(f(x)) + sigmoid(f(flip(x)))) / 2
                        NDArray flipped = Activation.sigmoid(trainer.evaluate(new NDList(images.flip(3))).singletonOrThrow());
                        p = p.add(flipped).div(2);
                    }
                    float[] values = p.toFloatArray();
                    System.arraycopy(values, 0, probabilities, offset, values.length);
                    offset += values.length;
                }
            }
        }
        return probabilities;
    }

    /** Saves the parameters as checkpointDir/model-NNNN.params (NNNN = epoch) and removes the previous best. */
    private static Path saveBest(Model model, Path checkpointDir, int epoch, Path previous) throws IOException {
        Files.createDirectories(checkpointDir);
        model.setProperty("Epoch", String.valueOf(epoch));
        model.save(checkpointDir, "model");
        Path saved = checkpointDir.resolve(String.format("model-%04d.params", epoch));
        if (previous != null && !previous.equals(saved)) {
            Files.deleteIfExists(previous);
        }
        return saved;
    }

    static void checkCancelled(TrainingProgress progress) {
        if (progress.cancelRequested()) {
            throw new TrainingCancelledException("training cancelled");
        }
    }

    private static void check(TrainingConfig config, FoldData data) {
        if (config.numClasses() != 0 && config.numClasses() != data.numClasses()) {
            throw new IllegalArgumentException("model.num_classes " + config.numClasses()
                    + " does not match the data set's " + data.numClasses());
        }
        TrainingSetup.loss(config.loss());
        ModelBlocks.check(config, data.numClasses());
        if (config.numTtas() != 1 && config.numTtas() != 2) {
            throw new IllegalArgumentException("test.num_ttas must be 1 or 2, got " + config.numTtas());
        }
        if (config.numEpochs() < 1 || config.inputSize() < 32 || config.batchSize() < 1 || config.testBatchSize() < 1) {
            throw new IllegalArgumentException("num_epochs and batch sizes must be at least 1 and input_size at least 32");
        }
        if (data.train().isEmpty() || data.validation().isEmpty()) {
            throw new IllegalArgumentException("a fold needs training and validation images");
        }
    }
}
