package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.scoring.ThresholdSearch;
import dev.foldhub.training.loop.TrainingLoop;
import dev.foldhub.training.model.StackerBlock;
import dev.foldhub.training.loop.TrainingSetup;
import dev.foldhub.training.schedule.LrDriver;
import dev.foldhub.training.schedule.LrSchedule;
import dev.foldhub.training.schedule.SettableTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trains one fold of a level-2 stacker ({@link StackerBlock}) on {@link StackingData}: the config's loss (BCE, focal,
 * f2 and the mixed ones, {@code ReferenceLoss}), optimizer, lr schedule and warm-up pass, train.batch_size,
 * train.num_epochs and train.max_steps_per_epoch, as an image fold. After every epoch the validation rows (the
 * fold's OOF rows, never trained on) are scored by sample-averaged F2 over the threshold grid; the best epoch's
 * parameters, OOF and test probabilities are the outcome. A stacker fold takes seconds, so it writes no resume
 * checkpoint: a stopped fold starts over.
 */
public final class StackerTrainer {

    private final Device device;

    public StackerTrainer(Device device) {
        this.device = device;
    }

    /** Trains the fold; throws TrainingCancelledException when {@code progress} asks to stop. */
    public StackerOutcome train(TrainingConfig config, StackingData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
                                TrainingProgress progress) {
        if (data.trainRowIds().length == 0 || data.validationRowIds().length == 0) {
            throw new IllegalArgumentException("a stacker fold needs training and validation rows");
        }
        if (config.numEpochs() < 1 || config.batchSize() < 1) {
            throw new IllegalArgumentException("num_epochs and batch_size must be at least 1");
        }
        try {
            Files.createDirectories(checkpoints.dir());
            return new Run(config, data, grid, checkpoints, progress).train();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fold's training run. */
    private final class Run {

        private final TrainingConfig config;
        private final StackingData data;
        private final ThresholdGrid grid;
        private final FoldCheckpoints checkpoints;
        private final TrainingProgress progress;
        private final Random random;
        private final SettableTracker tracker;
        private final LrDriver lr;
        private final List<EpochStats> epochs = new ArrayList<>();
        private int bestEpoch;
        private ThresholdChoice best = new ThresholdChoice(0, -1);
        private float[] bestOof;
        private float[] bestTest;
        private Path bestFile;

        Run(TrainingConfig config, StackingData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
            TrainingProgress progress) {
            this.config = config;
            this.data = data;
            this.grid = grid;
            this.checkpoints = checkpoints;
            this.progress = progress;
            this.random = new Random(data.seed());
            this.tracker = new SettableTracker(config.lr());
            this.lr = new LrDriver(config.lrPlan(), config.lr(), config.batchesPerPass(data.trainRowIds().length));
        }

        StackerOutcome train() throws IOException {
            Engine.getInstance().setRandomSeed((int) (data.seed() ^ (data.seed() >>> 32)));
            try (Model model = Model.newInstance("foldhub-level2", device)) {
                model.setBlock(StackerBlock.build(data.classes(), config.dropout()));
                model.setProperty("arch", TrainingConfig.LEVEL2);
                model.setProperty("members", String.valueOf(data.members()));
                model.setProperty("numClasses", String.valueOf(data.classes()));
                try (Trainer trainer = model.newTrainer(TrainingSetup.trainingConfig(config, device, tracker))) {
                    trainer.initialize(new Shape(1, data.width()));
                    LrSchedule warmup = lr.warmup();
                    if (warmup != null) { // train.py's epoch 0 (enable_warmup): not validated
                        pass(trainer, config.lrPlan().warmupSteps(), warmup);
                    }
                    for (int epoch = 1; epoch <= config.numEpochs(); epoch++) {
                        epoch(model, trainer, epoch);
                    }
                }
            }
            FoldOutcome fold = new FoldOutcome(bestEpoch, best.f2(), best.threshold(), bestOof,
                    data.validationRowIds().length, data.classes(), epochs, bestFile);
            return new StackerOutcome(fold, bestTest, bestTest == null ? 0 : data.testRows());
        }

        private void epoch(Model model, Trainer trainer, int epoch) throws IOException {
            long start = System.nanoTime();
            Engine.getInstance().setRandomSeed(Long.hashCode(data.seed() * 1_000_003L + epoch)); // dropout, per epoch
            lr.startEpoch();
            double[] lossAndRows = pass(trainer, config.maxStepsPerEpoch(), lr);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            int[][] labels = data.validationLabels();
            float[] probabilities = new float[labels.length * data.classes()];
            double valLoss = predict(trainer, data.validation(), labels, probabilities);
            ThresholdChoice choice = ThresholdSearch.best(probabilities, labels, data.classes(), grid);
            double f2At05 = F2Score.sampleAveraged(probabilities, labels, data.classes(), EpochStats.FIXED_THRESHOLD);
            EpochStats stats = new EpochStats(epoch, lossAndRows[0], choice.f2(), choice.threshold(), lossAndRows[2],
                    (System.nanoTime() - start) / 1e9, lossAndRows[1] / Math.max(trainSeconds, 1e-9), f2At05,
                    Double.isFinite(valLoss) ? valLoss : null);
            lr.afterEpoch(choice.f2());
            epochs.add(stats);
            if (choice.f2() > best.f2()) {
                keepBest(model, trainer, epoch, choice, probabilities);
            }
            progress.onEpoch(stats);
        }

        /** The new best epoch: its parameters under the reference's name, its OOF and test probabilities. */
        private void keepBest(Model model, Trainer trainer, int epoch, ThresholdChoice choice, float[] probabilities)
                throws IOException {
            bestEpoch = epoch;
            best = choice;
            bestOof = probabilities;
            if (data.test() != null) {
                bestTest = new float[data.testRows() * data.classes()];
                predict(trainer, data.test(), null, bestTest);
            }
            model.setProperty("Epoch", String.valueOf(epoch));
            model.save(checkpoints.dir(), "best"); // DJL writes best-NNNN.params; renamed as an image fold's
            Path named = checkpoints.dir().resolve(checkpoints.bestName(epoch, choice.f2()));
            Files.move(checkpoints.dir().resolve(String.format("best-%04d.params", epoch)), named,
                    StandardCopyOption.REPLACE_EXISTING);
            if (bestFile != null && !bestFile.equals(named)) {
                Files.deleteIfExists(bestFile);
            }
            bestFile = named;
        }

        /** One shuffled pass over the training rows, at most maxSteps batches; {mean loss per row, rows, last lr}. */
        private double[] pass(Trainer trainer, int maxSteps, LrSchedule schedule) {
            int rows = data.trainRowIds().length;
            int[] order = order(rows);
            int batchSize = config.batchSize();
            int steps = TrainingLoop.batchesPerPass(rows, batchSize);
            steps = maxSteps > 0 ? Math.min(steps, maxSteps) : steps;
            int width = data.width();
            double lossSum = 0;
            double lastLr = schedule.lr();
            int seen = 0;
            ReentrantLock autograd = TrainingLoop.autograd();
            for (int step = 0; step < steps; step++) {
                progress.throwIfCancelled();
                int from = step * batchSize;
                int n = Math.min(batchSize, rows - from);
                float[] x = new float[n * width];
                float[] y = new float[n * data.classes()];
                for (int i = 0; i < n; i++) {
                    int r = order[from + i];
                    System.arraycopy(data.train(), r * width, x, i * width, width);
                    for (int label : data.trainLabels()[r]) {
                        y[i * data.classes() + label] = 1f;
                    }
                }
                lastLr = schedule.lr();
                tracker.set(lastLr);
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDList input = new NDList(scope.create(x, new Shape(n, width)));
                    NDList target = new NDList(scope.create(y, new Shape(n, data.classes())));
                    autograd.lock();
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(target, trainer.forward(input, target));
                        collector.backward(loss);
                        lossSum += loss.getFloat() * n;
                    } finally {
                        autograd.unlock();
                    }
                    trainer.step();
                }
                schedule.afterBatch();
                seen += n;
            }
            return new double[] {seen == 0 ? Double.NaN : lossSum / seen, seen, lastLr};
        }

        /** Sigmoid probabilities of {@code features} into {@code out}; the mean loss per row when labels are given. */
        private double predict(Trainer trainer, float[] features, int[][] labels, float[] out) {
            int width = data.width();
            int classes = data.classes();
            int rows = features.length / width;
            int batch = Math.max(256, config.batchSize());
            double lossSum = 0;
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                float[] x = new float[n * width];
                System.arraycopy(features, from * width, x, 0, n * width);
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDArray logits = trainer.evaluate(new NDList(scope.create(x, new Shape(n, width))))
                            .singletonOrThrow();
                    System.arraycopy(Activation.sigmoid(logits).toFloatArray(), 0, out, from * classes, n * classes);
                    if (labels != null) {
                        float[] y = new float[n * classes];
                        for (int i = 0; i < n; i++) {
                            for (int label : labels[from + i]) {
                                y[i * classes + label] = 1f;
                            }
                        }
                        NDList target = new NDList(scope.create(y, new Shape(n, classes)));
                        lossSum += trainer.getLoss().evaluate(target, new NDList(logits)).getFloat() * n;
                    }
                }
            }
            return labels == null ? Double.NaN : lossSum / rows;
        }

        /** The rows in train.shuffle's order: shuffled by the fold's seeded stream (Fisher-Yates), or as given. */
        private int[] order(int rows) {
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            if (config.shuffle()) {
                for (int i = rows - 1; i > 0; i--) { // swap(i, uniform j in [0, i])
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            return order;
        }
    }
}
