package dev.foldhub.training;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;

/**
 * The network a config names: a native ResNet ({@link ResNetFactory}) or, when model.weights is set, a TorchScript
 * module ({@link TorchScriptBackbone}).
 */
final class ModelBlocks {

    private ModelBlocks() {
    }

    /** Throws IllegalArgumentException (or InvalidConfigException for model.weights) when the network cannot be built. */
    static void check(TrainingConfig config, int classes) {
        if (config.torchScript()) {
            config.checkWeightsReadable();
            if (classes < 1) {
                throw new IllegalArgumentException("numClasses must be at least 1, got " + classes);
            }
        } else {
            ResNetFactory.build(config.arch(), classes, config.dropout());
        }
    }

    /** A fresh network to train, its parameters on the manager's device. */
    static Block forTraining(TrainingConfig config, int classes, NDManager manager) {
        if (config.torchScript()) {
            return TorchScriptBackbone.load(manager, Path.of(config.weights()), config.inputSize(), classes,
                    config.dropout());
        }
        return ResNetFactory.build(config.arch(), classes, config.dropout());
    }

    /** An empty network of the right structure for {@code Model.load} of a checkpoint {@link FoldTrainer} saved. */
    static Block forCheckpoint(TrainingConfig config, int classes, NDManager manager) {
        if (config.torchScript()) {
            return TorchScriptBackbone.forCheckpoint(manager); // the module travels inside the checkpoint
        }
        return ResNetFactory.build(config.arch(), classes, config.dropout());
    }

    /** model.freeze_backbone_epochs: the TorchScript module is frozen in epochs up to it (the warm-up is epoch 0). */
    static void freezeForEpoch(Model model, TrainingConfig config, int epoch) {
        if (model.getBlock() instanceof TorchScriptBackbone backbone && config.freezeBackboneEpochs() > 0) {
            backbone.freezeModule(epoch <= config.freezeBackboneEpochs());
        }
    }
}
