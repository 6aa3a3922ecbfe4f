package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.checkpoint.ConfigFingerprint;
import dev.foldhub.training.checkpoint.FoldResume;
import dev.foldhub.training.checkpoint.ResumeFile;
import dev.foldhub.training.checkpoint.ResumeState;
import dev.foldhub.training.data.BatchLoader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt at training a fold (see {@link FoldTrainer#train}), in named steps: the constructor sets up the random
 * streams, the data pipeline, the lr schedule and the resume state (continuing a resume file's streams); then
 * {@link #train()} builds the model, restores a resume checkpoint, runs the warm-up passes, the epochs (train,
 * validate, checkpoint) and the SWA model.
 */
final class FoldRun {

    /** The SWA model's validation pass: one no epoch draws (epoch e validates with pass e). */
    private static final int SWA_PASS = 0;

    private final Device device;
    private final LoaderSettings loader;
    private final TrainingConfig config;
    private final FoldData data;
    private final FoldCheckpoints checkpoints;
    private final TrainingProgress progress;
    private final ResumeState resume;
    private final FoldResume state;
    private final FoldValidation validation;
    private final long evaluationSeed;
    private final DecodedImageCache trainImages;
    private final DecodedImageCache validationImages;
    private final BatchLoader trainSet;
    private final BatchLoader validationSet;
    private final LrDriver lr;
    private final SettableTracker tracker;
    private final TrainingLoop loop;
    private final SwaAverage swa = new SwaAverage();

    FoldRun(Device device, LoaderSettings loader, TrainingConfig config, FoldData data, ThresholdGrid grid,
            FoldCheckpoints checkpoints, TrainingProgress progress, boolean mayResume) {
        this.device = device;
        this.loader = loader;
        this.config = config;
        this.data = data;
        this.checkpoints = checkpoints;
        this.progress = progress;
        int classes = data.numClasses();
        int rows = data.validation().size();
        validation = new FoldValidation(data.validation(), classes, grid, TtaPlan.of(config));
        String fingerprint = ConfigFingerprint.of(config, data);
        resume = mayResume ? FoldResume.find(checkpoints, fingerprint, rows, classes) : null;

        Engine.getInstance().setRandomSeed((int) (data.seed() ^ (data.seed() >>> 32)));
        Random random = new Random(data.seed());
        Random augmentRandom = new Random(random.nextLong());
        long augmentSeed = augmentRandom.nextLong(); // each batch's augmentation: (augmentSeed, pass, batch index)
        evaluationSeed = BatchLoader.mix(augmentSeed, -1, -1); // validation crops: (evaluationSeed, epoch, batch)
        Random mixupRandom = new Random(random.nextLong());
        if (resume != null) { // the streams continue where the last finished epoch left them
            random = FoldResume.random(resume.randoms().get(0));
            augmentRandom = FoldResume.random(resume.randoms().get(1));
            mixupRandom = FoldResume.random(resume.randoms().get(2));
        }
        AtomicLong cacheBudget = new AtomicLong(loader.cacheBytes()); // shared by both sets
        trainImages = new DecodedImageCache(data.train(), config.inputSize(), cacheBudget);
        validationImages = new DecodedImageCache(data.validation(), config.inputSize(), cacheBudget);
        ImageGeometry geometry = config.imageGeometry();
        trainSet = new BatchLoader(trainImages, geometry, classes, config.hflip(), config.augmentations(), null,
                augmentSeed, new SeededBatchSampler(config.batchSize(), config.shuffle() ? random : null, true), loader);
        validationSet = evaluationSet(validationImages);

        state = new FoldResume(checkpoints, fingerprint, rows, classes, resume,
                List.of(random, augmentRandom, mixupRandom));
        lr = new LrDriver(config.lrPlan(), config.lr(), config.batchesPerPass(data.train().size()));
        tracker = new SettableTracker(config.lr());
        loop = new TrainingLoop(config, tracker, mixupRandom);
    }

    /** Trains the remaining epochs and the SWA model; throws {@link UnusableResume} when the resume file won't restore. */
    FoldOutcome train() throws IOException {
        int size = config.inputSize();
        try (Model model = Model.newInstance("foldhub-" + config.arch(), device)) {
            DefaultTrainingConfig trainingConfig = setUp(model);
            ResumableOptimizer optimizer = (ResumableOptimizer) trainingConfig.getOptimizer();
            if (resume != null) {
                restore(model, optimizer);
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, 3, size, size));
                if (resume == null) {
                    warmUp(model, trainer);
                }
                for (int epoch = state.nextEpoch(); epoch <= config.numEpochs(); epoch++) {
                    epoch(model, trainer, optimizer, epoch);
                }
                if (config.swa().enable() && swa.snapshots() > 0) {
                    averaged(trainer, model, optimizer);
                }
            }
        }
        return state.outcome();
    }

    private DefaultTrainingConfig setUp(Model model) {
        int classes = data.numClasses();
        model.setBlock(ModelBlocks.forTraining(config, classes, model.getNDManager()));
        model.setProperty("arch", config.arch());
        model.setProperty("inputSize", String.valueOf(config.inputSize()));
        model.setProperty("numClasses", String.valueOf(classes));
        return TrainingSetup.trainingConfig(config, device, tracker);
    }

    /** Parameters, optimizer state and SWA average from the resume file; the schedule and loader passes replayed. */
    private void restore(Model model, ResumableOptimizer optimizer) {
        try {
            ResumeFile.restore(checkpoints.resumeFile(), model.getBlock(), model.getNDManager(), optimizer, swa,
                    parameterShapes());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new UnusableResume(e);
        }
        state.replay(lr);
        // the warm-up passes (if any) and each finished epoch drew one pass of augmentation seeds
        trainSet.startAtPass(state.nextEpoch() - 1 + (lr.warmup() != null ? 1 : 0)
                + (config.headOnlyWarmup().enabled() ? 1 : 0));
    }

    /** train.head_only_warmup's pass, then train.py's epoch 0 (enable_warmup): not validated; the optimizer carries on. */
    private void warmUp(Model model, Trainer trainer) {
        if (config.headOnlyWarmup().enabled()) {
            loop.headOnlyWarmup(model, trainer, trainSet, config.headOnlyWarmup(), progress);
        }
        if (lr.warmup() != null) {
            ModelBlocks.freezeForEpoch(model, config, 0);
            loop.run(trainer, trainSet, config.lrPlan().warmupSteps(), lr.warmup(), progress);
        }
    }

    /** One epoch: the training pass, validation, the lr's epoch step, an SWA snapshot, and the resume checkpoint. */
    private void epoch(Model model, Trainer trainer, ResumableOptimizer optimizer, int epoch) throws IOException {
        long start = System.nanoTime();
        // why: libtorch's generator (dropout) is seeded per epoch, so a resumed epoch draws what it would have
        Engine.getInstance().setRandomSeed(Long.hashCode(data.seed() * 1_000_003L + epoch));
        lr.startEpoch();
        ModelBlocks.freezeForEpoch(model, config, epoch);
        CountingSchedule counted = new CountingSchedule(lr);
        double[] lossAndImages = loop.run(trainer, trainSet, config.maxStepsPerEpoch(), counted, progress);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        validationSet.startAtPass(epoch); // the epoch's crops, also in a resumed fold
        FoldValidation.Result validated = validation.validate(trainer, validationSet, progress);
        double f2At05 = validation.f2AtFixedThreshold(validated.probabilities());
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochStats stats = new EpochStats(epoch, lossAndImages[0], validated.choice().f2(),
                validated.choice().threshold(), lossAndImages[2], seconds, lossAndImages[1] / trainSeconds, f2At05,
                Double.isFinite(validated.loss()) ? validated.loss() : null);
        lr.afterEpoch(validated.choice().f2());
        progress.onEpoch(stats);
        if (config.swa().enable() && SwaAverage.snapshotAfter(epoch, config.swa().period())) {
            swa.add(model.getBlock());
        }
        state.finishEpoch(model, stats, counted.batches(), validated.probabilities(), optimizer, swa);
        progress.onCheckpoint(checkpoints.resumeFile(), epoch);
    }

    /**
     * The SWA model: the averaged weights with BatchNorm statistics recomputed over the training images, validated;
     * it becomes the fold's best (as epoch 99) when its F2 beats every epoch's.
     */
    private void averaged(Trainer trainer, Model model, ResumableOptimizer optimizer) throws IOException {
        swa.applyTo(model.getBlock());
        BatchLoader plainTrain = new BatchLoader(trainImages, config.imageGeometry(), data.numClasses(), false,
                null, null, // not augmented
                evaluationSeed, new SeededBatchSampler(config.batchSize(), null, true), loader); // a batch of one is dropped
        BatchNormRecompute.run(trainer, plainTrain, progress);
        BatchLoader averagedSet = evaluationSet(validationImages);
        averagedSet.startAtPass(SWA_PASS);
        FoldValidation.Result validated = validation.validate(trainer, averagedSet, progress);
        state.offerAveraged(model, validated.choice(), validated.probabilities(), swa.snapshots(), optimizer, swa);
    }

    /** Validation images in file order, each as the config's TTA views; pass e draws epoch e's crops. */
    private BatchLoader evaluationSet(DecodedImageCache images) {
        return new BatchLoader(images, config.imageGeometry(), data.numClasses(), false, null, TtaPlan.of(config),
                evaluationSeed, new SeededBatchSampler(config.testBatchSize(), null, false), loader);
    }

    /** The shapes of a fresh model's parameters, by name: what a resume checkpoint's arrays must have. */
    private Map<String, Shape> parameterShapes() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block block = ModelBlocks.forTraining(config, data.numClasses(), manager);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, config.inputSize(), config.inputSize()));
            Map<String, Shape> shapes = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                shapes.put(p.getKey(), p.getValue().getArray().getShape());
            }
            return shapes;
        }
    }

    /** A resume checkpoint that could not be restored into the model: the fold starts over. */
    static final class UnusableResume extends RuntimeException {

        UnusableResume(Exception cause) {
            super(cause.toString(), cause);
        }
    }
}
