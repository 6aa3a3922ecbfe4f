package dev.foldhub.training.loop;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.LoaderPass;
import dev.foldhub.training.model.ModelBlocks;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.LrSchedule;
import dev.foldhub.training.schedule.SettableTracker;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One training pass as train.py's train_epoch: the lr is set from the schedule before each batch and the schedule
 * steps after it; mixup mixes the batch; gradients of accum_batches_num batches are summed before a step and the
 * pass is cut to a multiple of it.
 */
public final class TrainingLoop {

    /** One gradient collector at a time in this process (see its use). */
    private static final ReentrantLock AUTOGRAD = new ReentrantLock();

    private final TrainingConfig config;
    private final SettableTracker tracker;
    private final Random mixupRandom;

    /** The lock every forward-and-backward pass in this process holds (DJL allows one gradient collector at a time). */
    public static ReentrantLock autograd() {
        return AUTOGRAD;
    }

    public TrainingLoop(TrainingConfig config, SettableTracker tracker, Random mixupRandom) {
        this.config = config;
        this.tracker = tracker;
        this.mixupRandom = mixupRandom;
    }

    /** Batches a pass yields for n images: the sampler drops a trailing batch of one. */
    public static int batchesPerPass(int n, int batchSize) {
        return n / batchSize + (n % batchSize > 1 || n == 1 ? 1 : 0);
    }

    /**
     * train.head_only_warmup's pass, before any other (train.py: freeze_layers, train_epoch over warmup.steps batches
     * with the warm-up's rising lr, unfreeze_layers): only the classifier head's parameters change. The optimizer
     * state carries on, as after the enable_warmup pass.
     */
    public void headOnlyWarmup(Model model, Trainer trainer, BatchLoader trainSet, HeadOnlyWarmup warmup,
                               TrainingProgress progress) {
        ModelBlocks.freezeAllButHead(model, true);
        try {
            run(trainer, trainSet, warmup.steps(), warmup.schedule(), progress);
        } finally {
            ModelBlocks.freezeAllButHead(model, false);
        }
    }

    /** Returns {mean loss per image, images seen, lr of the last batch}; the pass's loader threads end with it. */
    public double[] run(Trainer trainer, BatchLoader set, int maxSteps, LrSchedule schedule, TrainingProgress progress) {
        try (LoaderPass batches = set.pass(trainer.getManager())) {
            return run(trainer, batches, set.size(), maxSteps, schedule, progress);
        }
    }

    private double[] run(Trainer trainer, LoaderPass batches, int setSize, int maxSteps, LrSchedule schedule,
                         TrainingProgress progress) {
        int accum = Math.max(1, config.accumBatches());
        int steps = batchesPerPass(setSize, config.batchSize());
        steps = maxSteps > 0 ? Math.min(steps, maxSteps) : steps; // 0: no limit
        steps -= steps % accum;
        double lossSum = 0;
        double lastLr = schedule.lr();
        int images = 0;
        int i = 0;
        while (i < steps && batches.hasNext()) {
            try (Batch batch = batches.next()) {
                progress.throwIfCancelled();
                lastLr = schedule.lr();
                tracker.set(lastLr);
                NDList data = batch.getData();
                NDList labels = batch.getLabels();
                if (config.augmentations().mixup()) {
                    NDManager manager = batch.getManager();
                    NDArray x = data.singletonOrThrow();
                    NDArray y = labels.singletonOrThrow();
                    float[] xs = x.toFloatArray();
                    float[] ys = y.toFloatArray();
                    Mixup.mix(xs, ys, batch.getSize(), config.augmentations().mixupBetaA(), mixupRandom);
                    data = new NDList(manager.create(xs, x.getShape()));
                    labels = new NDList(manager.create(ys, y.getShape()));
                }
                // why: DJL's PtGradientCollector allows one collector per process (a static flag; a second one throws
                // "already collecting"), so two folds in one JVM (an agent with two device slots, server replicas in
                // one test JVM) take turns for the forward and backward pass instead of failing
                AUTOGRAD.lock();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(data, labels);
                    NDArray loss = trainer.getLoss().evaluate(labels, predictions);
                    collector.backward(loss); // gradients add up until the step, as loss.backward() does
                    lossSum += loss.getFloat() * batch.getSize();
                } finally {
                    AUTOGRAD.unlock();
                }
                if ((i + 1) % accum == 0) {
                    trainer.step();
                }
                schedule.afterBatch();
                images += batch.getSize();
            }
            i++;
        }
        return new double[] {images == 0 ? Double.NaN : lossSum / images, images, lastLr};
    }
}
