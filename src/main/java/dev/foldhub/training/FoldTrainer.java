package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.util.Pair;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.scoring.ThresholdSearch;
import dev.foldhub.training.checkpoint.ConfigFingerprint;
import dev.foldhub.training.checkpoint.FoldResume;
import dev.foldhub.training.checkpoint.ResumeFile;
import dev.foldhub.training.checkpoint.ResumeState;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.LoaderPass;
import dev.foldhub.training.data.SeededBatchSampler;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.loop.TrainingLoop;
import dev.foldhub.training.loop.TrainingSetup;
import dev.foldhub.training.model.ModelBlocks;
import dev.foldhub.training.optim.BatchNormRecompute;
import dev.foldhub.training.optim.ResumableOptimizer;
import dev.foldhub.training.optim.SwaAverage;
import dev.foldhub.training.schedule.CountingSchedule;
import dev.foldhub.training.schedule.LrDriver;
import dev.foldhub.training.schedule.SettableTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one fold: a ResNet or a TorchScript module ({@link ModelBlocks}) trains with BCE-on-logits on batches a
 * threaded {@link BatchLoader} prepares, validates after every epoch (threshold search on sample-averaged F2),
 * keeps the best epoch's parameters and out-of-fold probabilities, and writes a resume checkpoint after every
 * epoch so a stopped fold continues where it was.
 */
public class FoldTrainer {

    private static final Logger log = LoggerFactory.getLogger(FoldTrainer.class);

    /** The SWA model's validation pass: one no epoch draws (epoch e validates with pass e). */
    private static final int SWA_PASS = 0;

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

    /** Trains with the best checkpoint named {@code model_f0_e<NN>_<F2>.params}; see the other overload. */
    public FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, Path checkpointDir,
                             TrainingProgress progress) {
        return train(config, data, grid, new FoldCheckpoints(checkpointDir, "model", 0), progress);
    }

    /**
     * Trains the fold, or resumes it from {@code checkpoints.resumeFile()} when that holds an earlier run of the same
     * config and data: parameters, optimizer state, lr schedule, random streams and the epochs so far come back, and
     * training goes on with the next epoch. After every epoch the resume file is rewritten. A resume file that does
     * not fit the fold (sizes, parameter shapes) or cannot be read or restored (cut short, damaged) is logged with the
     * reason and the fold starts over: it never fails the fold.
     *
     * @throws TrainingCancelledException when {@code progress} asks to stop
     * @throws IllegalArgumentException   for an unsupported arch, loss, optimizer or TTA count, or bad labels
     * @throws UncheckedIOException       when an image cannot be read or the checkpoint cannot be written
     */
    public FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
                             TrainingProgress progress) {
        try {
            return train(config, data, grid, checkpoints, progress, true);
        } catch (UnusableResume e) {
            log.warn("{} fold {}: the resume checkpoint {} cannot be restored ({}); starting the fold over",
                    checkpoints.experiment(), checkpoints.fold(), checkpoints.resumeFile(), e.getMessage());
            return train(config, data, grid, checkpoints, progress, false);
        }
    }

    private FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
                              TrainingProgress progress, boolean mayResume) {
        int classes = data.numClasses();
        check(config, data);
        progress.throwIfCancelled();
        int size = config.inputSize();
        int rows = data.validation().size();
        int[][] validationLabels = data.validation().stream().map(LabeledImage::labels).toArray(int[][]::new);
        String fingerprint = ConfigFingerprint.of(config, data);
        ResumeState resume = mayResume ? FoldResume.find(checkpoints, fingerprint, rows, classes) : null;

        Engine.getInstance().setRandomSeed((int) (data.seed() ^ (data.seed() >>> 32)));
        Random random = new Random(data.seed());
        Random augmentRandom = new Random(random.nextLong());
        long augmentSeed = augmentRandom.nextLong(); // each batch's augmentation: (augmentSeed, pass, batch index)
        long evaluationSeed = BatchLoader.mix(augmentSeed, -1, -1); // validation crops: (evaluationSeed, epoch, batch)
        Random mixupRandom = new Random(random.nextLong());
        if (resume != null) { // the streams continue where the last finished epoch left them
            random = FoldResume.random(resume.randoms().get(0));
            augmentRandom = FoldResume.random(resume.randoms().get(1));
            mixupRandom = FoldResume.random(resume.randoms().get(2));
        }
        AtomicLong cacheBudget = new AtomicLong(loader.cacheBytes()); // shared by both sets
        DecodedImageCache trainImages = new DecodedImageCache(data.train(), size, cacheBudget);
        DecodedImageCache validationImages = new DecodedImageCache(data.validation(), size, cacheBudget);
        ImageGeometry geometry = ImageGeometry.of(config);
        BatchLoader trainSet = new BatchLoader(trainImages, geometry, classes, config.hflip(), config.augmentations(),
                null, augmentSeed, new SeededBatchSampler(config.batchSize(), config.shuffle() ? random : null, true),
                loader);
        BatchLoader validationSet = evaluationSet(validationImages, geometry, classes, config, evaluationSeed);

        FoldResume state = new FoldResume(checkpoints, fingerprint, rows, classes, resume,
                List.of(random, augmentRandom, mixupRandom));
        int stepsPerEpoch = TrainingLoop.batchesPerPass(data.train().size(), config.batchSize());
        stepsPerEpoch = config.maxStepsPerEpoch() > 0 ? Math.min(stepsPerEpoch, config.maxStepsPerEpoch()) : stepsPerEpoch;
        LrDriver lr = new LrDriver(config.lrPlan(), config.lr(), stepsPerEpoch);
        SettableTracker tracker = new SettableTracker(config.lr());
        TrainingLoop loop = new TrainingLoop(config, tracker, mixupRandom);
        SwaAverage swa = new SwaAverage();
        try (Model model = Model.newInstance("foldhub-" + config.arch(), device)) {
            DefaultTrainingConfig trainingConfig = setUp(model, config, classes, tracker);
            ResumableOptimizer optimizer = (ResumableOptimizer) trainingConfig.getOptimizer();
            if (resume != null) {
                try {
                    ResumeFile.restore(checkpoints.resumeFile(), model.getBlock(), model.getNDManager(), optimizer, swa,
                            parameterShapes(config, classes));
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    throw new UnusableResume(e);
                }
                state.replay(lr);
                // the warm-up passes (if any) and each finished epoch drew one pass of augmentation seeds
                trainSet.startAtPass(state.nextEpoch() - 1 + (lr.warmup() != null ? 1 : 0)
                        + (config.headOnlyWarmup().enabled() ? 1 : 0));
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, 3, size, size));
                if (resume == null && config.headOnlyWarmup().enabled()) {
                    loop.headOnlyWarmup(model, trainer, trainSet, config.headOnlyWarmup(), progress);
                }
                if (resume == null && lr.warmup() != null) { // train.py's epoch 0: not validated; the optimizer state carries on
                    ModelBlocks.freezeForEpoch(model, config, 0);
                    loop.run(trainer, trainSet, config.lrPlan().warmupSteps(), lr.warmup(), progress);
                }
                for (int epoch = state.nextEpoch(); epoch <= config.numEpochs(); epoch++) {
                    long start = System.nanoTime();
                    // why: libtorch's generator (dropout) is seeded per epoch, so a resumed epoch draws what it would have
                    Engine.getInstance().setRandomSeed(Long.hashCode(data.seed() * 1_000_003L + epoch));
                    lr.startEpoch();
                    ModelBlocks.freezeForEpoch(model, config, epoch);
                    CountingSchedule counted = new CountingSchedule(lr);
                    double[] lossAndImages = loop.run(trainer, trainSet, config.maxStepsPerEpoch(), counted, progress);
                    double trainSeconds = (System.nanoTime() - start) / 1e9;
                    validationSet.startAtPass(epoch); // the epoch's crops, also in a resumed fold
                    float[] probabilities = predict(trainer, validationSet, rows * classes, TtaPlan.of(config), progress);
                    ThresholdChoice choice = ThresholdSearch.best(probabilities, validationLabels, classes, grid);
                    double f2At05 = F2Score.sampleAveraged(probabilities, validationLabels, classes,
                            EpochStats.FIXED_THRESHOLD);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    EpochStats stats = new EpochStats(epoch, lossAndImages[0], choice.f2(), choice.threshold(),
                            lossAndImages[2], seconds, lossAndImages[1] / trainSeconds, f2At05);
                    lr.afterEpoch(choice.f2());
                    progress.onEpoch(stats);
                    if (config.swa().enable() && SwaAverage.snapshotAfter(epoch, config.swa().period())) {
                        swa.add(model.getBlock());
                    }
                    state.finishEpoch(model, stats, counted.batches(), probabilities, optimizer, swa);
                    progress.onCheckpoint(checkpoints.resumeFile(), epoch);
                }
                if (config.swa().enable() && swa.snapshots() > 0) {
                    averaged(trainer, model, optimizer, swa, trainImages, validationImages, validationLabels, config, grid,
                            state, progress, evaluationSeed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state.outcome();
    }

    /** The shapes of a fresh model's parameters, by name: what a resume checkpoint's arrays must have. */
    private static Map<String, Shape> parameterShapes(TrainingConfig config, int classes) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = ModelBlocks.forTraining(config, classes, manager);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, config.inputSize(), config.inputSize()));
            Map<String, Shape> shapes = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                shapes.put(p.getKey(), p.getValue().getArray().getShape());
            }
            return shapes;
        }
    }

    /** A resume checkpoint that could not be restored into the model: the fold starts over. */
    private static final class UnusableResume extends RuntimeException {

        UnusableResume(Exception cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * The SWA model: the averaged weights with BatchNorm statistics recomputed over the training images, validated;
     * it becomes the fold's best (as epoch 99) when its F2 beats every epoch's.
     */
    private void averaged(Trainer trainer, Model model, ResumableOptimizer optimizer, SwaAverage swa,
                          DecodedImageCache train, DecodedImageCache validation, int[][] validationLabels,
                          TrainingConfig config, ThresholdGrid grid, FoldResume state, TrainingProgress progress,
                          long evaluationSeed) throws IOException {
        ImageGeometry geometry = ImageGeometry.of(config);
        int classes = state.classes();
        swa.applyTo(model.getBlock());
        BatchLoader plainTrain = new BatchLoader(train, geometry, classes, false, null, null, // not augmented
                evaluationSeed, new SeededBatchSampler(config.batchSize(), null, true), loader); // a batch of one is dropped
        BatchNormRecompute.run(trainer, plainTrain, progress);
        BatchLoader validationSet = evaluationSet(validation, geometry, classes, config, evaluationSeed);
        validationSet.startAtPass(SWA_PASS);
        float[] probabilities = predict(trainer, validationSet, state.rows() * classes, TtaPlan.of(config), progress);
        ThresholdChoice choice = ThresholdSearch.best(probabilities, validationLabels, classes, grid);
        state.offerAveraged(model, choice, probabilities, swa.snapshots(), optimizer, swa);
    }

    /** Validation images in file order, each as the config's TTA views; pass e draws epoch e's crops. */
    private BatchLoader evaluationSet(DecodedImageCache images, ImageGeometry geometry, int classes,
                                      TrainingConfig config, long seed) {
        return new BatchLoader(images, geometry, classes, false, null, TtaPlan.of(config), seed,
                new SeededBatchSampler(config.testBatchSize(), null, false), loader);
    }

    private DefaultTrainingConfig setUp(Model model, TrainingConfig config, int classes, SettableTracker lr) {
        model.setBlock(ModelBlocks.forTraining(config, classes, model.getNDManager()));
        model.setProperty("arch", config.arch());
        model.setProperty("inputSize", String.valueOf(config.inputSize()));
        model.setProperty("numClasses", String.valueOf(classes));
        return TrainingSetup.trainingConfig(config, device, lr);
    }

    /** Sigmoid probabilities in eval mode, row-major in data set order, the TTA views merged as {@code tta} says. */
    static float[] predict(Trainer trainer, BatchLoader set, int length, TtaPlan tta, TrainingProgress progress) {
        float[] probabilities = new float[length];
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

    private static void check(TrainingConfig config, FoldData data) {
        if (config.numClasses() != 0 && config.numClasses() != data.numClasses()) {
            throw new IllegalArgumentException("model.num_classes " + config.numClasses()
                    + " does not match the data set's " + data.numClasses());
        }
        TrainingSetup.loss(config.loss());
        ModelBlocks.check(config, data.numClasses());
        if (config.numTtas() < 1 || config.ttaCombine() == null) {
            throw new IllegalArgumentException("test.num_ttas must be at least 1 with a tta_combine_func, got "
                    + config.numTtas() + " and " + config.ttaCombine());
        }
        if (config.numEpochs() < 1 || config.inputSize() < 32 || config.batchSize() < 1 || config.testBatchSize() < 1) {
            throw new IllegalArgumentException("num_epochs and batch sizes must be at least 1 and input_size at least 32");
        }
        if (data.train().isEmpty() || data.validation().isEmpty()) {
            throw new IllegalArgumentException("a fold needs training and validation images");
        }
    }
}
