package dev.foldhub.training.loop;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.optim.NesterovSgd;
import dev.foldhub.training.optim.ResumableAdam;
import dev.foldhub.training.optim.ResumableOptimizer;
import dev.foldhub.training.optim.ResumableSgd;

/** Turns a {@link TrainingConfig} into DJL's loss, optimizer and initialisation. */
public final class TrainingSetup {

    private TrainingSetup() {
    }

    public static DefaultTrainingConfig trainingConfig(TrainingConfig config, Device device, Tracker lr) {
        return new DefaultTrainingConfig(new ReferenceLoss(config.loss(), config.lossWeight()))
                .optOptimizer(optimizer(config, lr))
                .optDevices(new Device[] {device}); // initialisation is set per block by ResNetFactory
    }

    public static Loss loss(String name) {
        return new ReferenceLoss(name, ReferenceLoss.defaultWeight(name)); // takes logits, as the reference's
    }

    static Optimizer optimizer(TrainingConfig config) {
        return optimizer(config, Tracker.fixed((float) config.lr()));
    }

    /**
     * The optimizer with its learning rate read from {@code lrTracker} at every update: DJL's Adam or SGD update,
     * with its state readable for a resumable checkpoint ({@link ResumableOptimizer}).
     */
    static Optimizer optimizer(TrainingConfig config, Tracker lrTracker) {
        float lr = (float) config.lr();
        float weightDecay = (float) config.weightDecay();
        if (!(lr > 0)) {
            throw new IllegalArgumentException("optimizer lr must be positive, got " + config.lr());
        }
        String name = config.optimizer() == null ? "" : config.optimizer();
        return switch (name) {
            case "adam" -> new ResumableAdam(lrTracker, weightDecay);
            case "sgd" -> config.nesterov()
                    ? new NesterovSgd(lrTracker, (float) config.momentum(), weightDecay)
                    : new ResumableSgd(lrTracker, (float) config.momentum(), weightDecay);
            default -> throw new IllegalArgumentException("unsupported optimizer '" + name + "': use adam or sgd");
        };
    }
}
