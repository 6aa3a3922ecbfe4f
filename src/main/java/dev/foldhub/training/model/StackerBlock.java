package dev.foldhub.training.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The level-2 network: M x C member probabilities -> dropout (model.dropout) -> hidden ReLU layer -> C logits.
 * The hidden width grows with the labels: min(1024, max(64, 2 C)).
 */
public final class StackerBlock {

    private StackerBlock() {
    }

    public static int hidden(int classes) {
        return Math.min(1024, Math.max(64, 2 * classes));
    }

    public static Block build(int classes, double dropout) {
        SequentialBlock block = new SequentialBlock();
        if (dropout > 0) {
            block.add(Dropout.builder().optRate((float) dropout).build());
        }
        return block.add(Linear.builder().setUnits(hidden(classes)).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
