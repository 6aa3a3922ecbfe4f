package dev.foldhub.training.model;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.TrainingConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The network a config names: a native ResNet ({@link ResNetFactory}) or, when model.weights is set, a TorchScript
 * module ({@link TorchScriptBackbone}).
 */
public final class ModelBlocks {

    private ModelBlocks() {
    }

    /** Throws IllegalArgumentException (or InvalidConfigException for model.weights) when the network cannot be built. */
    public static void check(TrainingConfig config, int classes) {
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
    public static Block forTraining(TrainingConfig config, int classes, NDManager manager) {
        if (config.torchScript()) {
            return TorchScriptBackbone.load(manager, Path.of(config.weights()), config.inputSize(), classes,
                    config.dropout());
        }
        return ResNetFactory.build(config.arch(), classes, config.dropout());
    }

    /** An empty network of the right structure for {@code Model.load} of a checkpoint {@link FoldTrainer} saved. */
    public static Block forCheckpoint(TrainingConfig config, int classes, NDManager manager) {
        if (config.torchScript()) {
            return TorchScriptBackbone.forCheckpoint(manager); // the module travels inside the checkpoint
        }
        return ResNetFactory.build(config.arch(), classes, config.dropout());
    }

    /** model.freeze_backbone_epochs: the TorchScript module is frozen in epochs up to it (the warm-up is epoch 0). */
    public static void freezeForEpoch(Model model, TrainingConfig config, int epoch) {
        if (model.getBlock() instanceof TorchScriptBackbone backbone && config.freezeBackboneEpochs() > 0) {
            backbone.freezeModule(epoch <= config.freezeBackboneEpochs());
        }
    }

    /**
     * train.head_only_warmup's pass (model.py's freeze_layers / unfreeze_layers): with {@code headOnly} every parameter
     * but the classifier head's stops training (a TorchScript module is frozen, its appended head trains); without,
     * all train again, and then {@link #freezeForEpoch} applies as usual. BatchNorm statistics still update, as in
     * the reference's train mode.
     */
    public static void freezeAllButHead(Model model, boolean headOnly) {
        Block block = model.getBlock();
        if (block instanceof TorchScriptBackbone backbone) {
            backbone.freezeModule(headOnly);
            return;
        }
        Set<Parameter> head = Collections.newSetFromMap(new IdentityHashMap<>());
        head(block).getParameters().values().forEach(head::add);
        for (Parameter p : block.getParameters().values()) {
            // why: Parameter.freeze(false) makes anything trainable; BatchNorm's running statistics never are
            if (!head.contains(p) && p.getType() != Parameter.Type.RUNNING_MEAN
                    && p.getType() != Parameter.Type.RUNNING_VAR) {
                p.freeze(headOnly);
            }
        }
    }

    /** A native network's classifier: the last child of its sequence (ResNetFactory and XceptionFactory end in it). */
    public static Block head(Block network) {
        List<Block> children = network.getChildren().values();
        if (children.isEmpty()) {
            throw new IllegalArgumentException("the network has no head to train alone");
        }
        return children.get(children.size() - 1);
    }
}
