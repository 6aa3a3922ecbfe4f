package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a {@link TrainingConfig} into DJL's loss, optimizer and initialisation. */
final class TrainingSetup {

    private static final Logger log = LoggerFactory.getLogger(TrainingSetup.class);

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
                    // why: DJL 0.36's Sgd has no Nesterov variant; plain momentum is the closest it offers
                    log.warn("DJL's SGD has no Nesterov momentum; training with plain momentum {}", config.momentum());
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
