package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Turns a {@link TrainingConfig} into DJL's loss, optimizer and initialisation. */
final class TrainingSetup {

    private TrainingSetup() {
    }

    static DefaultTrainingConfig trainingConfig(TrainingConfig config, Device device) {
        return new DefaultTrainingConfig(loss(config.loss()))
                .optOptimizer(optimizer(config))
                .optDevices(new Device[] {device}); // initialisation is set per block by ResNetFactory
    }

    static Loss loss(String name) {
        if ("binary_cross_entropy".equals(name)) {
            return Loss.sigmoidBinaryCrossEntropyLoss(); // takes logits; mean over all elements, as BCEWithLogitsLoss
        }
        throw new IllegalArgumentException("unsupported loss '" + name + "': use binary_cross_entropy");
    }

    static Optimizer optimizer(TrainingConfig config) {
        float lr = (float) config.lr();
        float weightDecay = (float) config.weightDecay();
        if (!(lr > 0)) {
            throw new IllegalArgumentException("optimizer lr must be positive, got " + config.lr());
        }
        String name = config.optimizer() == null ? "" : config.optimizer();
        return switch (name) {
            case "adam" -> Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(lr))
                    .optWeightDecays(weightDecay)
                    .build();
            case "sgd" -> {
                if (config.nesterov()) {
                    throw new IllegalArgumentException("DJL's SGD has no Nesterov momentum");
                }
                yield Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(lr))
                        .optMomentum((float) config.momentum())
                        .optWeightDecays(weightDecay)
                        .build();
            }
            default -> throw new IllegalArgumentException("unsupported optimizer '" + name + "': use adam or sgd");
        };
    }
}
