package dev.foldhub.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The bottleneck unit of ResNet-50/101 (groups 1) and of SE-ResNeXt (grouped 3x3 + squeeze-excitation),
 * as torchvision and Cadene's pretrainedmodels lay them out: 1x1 reduce, 3x3 (the stride, the groups),
 * 1x1 expand to 4 x planes, optional SE or CBAM gate, plus the shortcut, then ReLU.
 */
final class BottleneckUnit {

    private BottleneckUnit() {
    }

    /**
     * @param width the 3x3's channels: planes for ResNet, planes * 2 for ResNeXt 32x4d
     * @param seReduction 0 for none, else the squeeze-excitation's reduction (16)
     */
    static Block of(int planes, int width, int groups, int stride, boolean projectShortcut, int seReduction) {
        return of(planes, width, groups, stride, projectShortcut,
                seReduction > 0 ? squeezeExcitation(planes * 4, seReduction) : null);
    }

    /** @param gate applied to the residual branch before the sum (SE or {@link CbamGate}), null for none */
    static Block of(int planes, int width, int groups, int stride, boolean projectShortcut, Block gate) {
        int out = planes * 4;
        SequentialBlock main = new SequentialBlock()
                .add(ResNetFactory.conv(width, 1, 1, 0, 1))
                .add(ResNetFactory.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNetFactory.conv(width, 3, stride, 1, groups))
                .add(ResNetFactory.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNetFactory.conv(out, 1, 1, 0, 1))
                .add(ResNetFactory.batchNorm());
        if (gate != null) {
            main.add(gate);
        }
        Block shortcut = projectShortcut
                ? new SequentialBlock().add(ResNetFactory.conv(out, 1, stride, 0, 1)).add(ResNetFactory.batchNorm())
                : Blocks.identityBlock();
        return new SequentialBlock().add(ResNetFactory.residualSum(main, shortcut)).add(Activation.reluBlock());
    }

    /** x * sigmoid(fc2(relu(fc1(avgpool(x))))), fc1 reducing the channels by {@code reduction}. */
    private static Block squeezeExcitation(int channels, int reduction) {
        Block gate = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(channels / reduction).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(channels).build())
                .add(Activation.sigmoidBlock());
        return new ParallelBlock(outputs -> {
            NDArray x = outputs.get(0).singletonOrThrow();
            NDArray g = outputs.get(1).singletonOrThrow();
            return new NDList(x.mul(g.reshape(g.getShape().get(0), g.getShape().get(1), 1, 1)));
        }, List.of(Blocks.identityBlock(), gate));
    }
}
