package dev.foldhub.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CBAM attention of a CBAM-ResNet unit (pytorchcv's CbamBlock, which the reference's cbam_resnet50 uses):
 * a channel gate, x * sigmoid(mlp(avgpool(x)) + mlp(maxpool(x))) with one MLP C -> C/16 -> C shared by both
 * pooled vectors, then a spatial gate, x * sigmoid(bn(conv7x7([max_c(x), mean_c(x)]))).
 */
final class CbamGate {

    private static final int REDUCTION = 16;

    private CbamGate() {
    }

    static Block of(int channels) {
        return new SequentialBlock().add(channelGate(channels)).add(spatialGate());
    }

    private static Block channelGate(int channels) {
        // why: stacking the avg- and max-pooled vectors along the batch axis runs both through the same MLP weights
        Block pooled = LambdaBlock.singleton(x -> NDArrays.concat(new NDList(
                Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), -1),
                Pool.globalMaxPool2d(x).reshape(x.getShape().get(0), -1)), 0));
        Block sumOfBoth = LambdaBlock.singleton(y -> {
            long n = y.getShape().get(0) / 2;
            return Activation.sigmoid(y.get("0:" + n).add(y.get(n + ":")));
        });
        Block gate = new SequentialBlock()
                .add(pooled)
                .add(Linear.builder().setUnits(channels / REDUCTION).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(channels).build())
                .add(sumOfBoth);
        return new ParallelBlock(outputs -> {
            NDArray x = outputs.get(0).singletonOrThrow();
            NDArray g = outputs.get(1).singletonOrThrow();
            return new NDList(x.mul(g.reshape(g.getShape().get(0), g.getShape().get(1), 1, 1)));
        }, List.of(Blocks.identityBlock(), gate));
    }

    private static Block spatialGate() {
        Block maxAndMean = LambdaBlock.singleton(x -> NDArrays.concat(new NDList(
                x.max(new int[] {1}, true), x.mean(new int[] {1}, true)), 1));
        Block gate = new SequentialBlock()
                .add(maxAndMean)
                .add(ResNetFactory.conv(1, 7, 1, 3))
                .add(ResNetFactory.batchNorm())
                .add(Activation.sigmoidBlock());
        return new ParallelBlock(outputs -> new NDList(
                outputs.get(0).singletonOrThrow().mul(outputs.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), gate));
    }
}
