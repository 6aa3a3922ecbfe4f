package dev.foldhub.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.foldhub.training.image.ImageDecoder;

/**
 * Chollet's Xception as pytorchcv lays it out (the reference's xception), fed images normalised with mean = std = 0.5
 * as data_loader.py does for it: entry flow = 3x3/2 conv 32 + 3x3 conv 64
 * (both unpadded, BN + ReLU) and units of 128, 256, 728 channels; middle flow = 8 units of 728; exit flow = a unit
 * 728 -> 1024, then separable convs 1536 and 2048 + ReLU. A unit is 2 (first of a stage) or 3 separable convs
 * (depthwise 3x3 with groups = channels, then pointwise 1x1, then BN; each but the network's first preceded by
 * ReLU), a 3x3/2 max pool when it downsamples, plus a 1x1 strided conv + BN shortcut when the shape changes.
 * The reference replaces the final 10x10 pool by a global average pool and puts dropout before the head only
 * when it is at least 0.1 (model.py). Convs are initialised kaiming uniform as pytorchcv's. A strided 1x1 shortcut
 * conv is computed as a subsample + 1x1 conv (see {@link ResNetFactory#conv(int, int, int, int, int)}).
 */
final class XceptionFactory {

    // the channels of each stage's units: entry flow [128], [256], [728]; middle flow 8 x 728; exit flow [1024]
    private static final int[][] STAGES = {{128}, {256}, {728, 728, 728, 728, 728, 728, 728, 728, 728}, {1024}};
    // kaiming uniform, fan_in: bound = sqrt(6 / fan_in)
    private static final Initializer KAIMING_UNIFORM = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 6);
    static final double MIN_DROPOUT = 0.1;

    private XceptionFactory() {
    }

    static Block build(int numClasses, double dropout) {
        SequentialBlock net = new SequentialBlock()
                .add(inceptionNormalisation())
                .add(conv(32, 3, 2, 0, 1)).add(ResNetFactory.batchNorm()).add(Activation.reluBlock())
                .add(conv(64, 3, 1, 0, 1)).add(ResNetFactory.batchNorm()).add(Activation.reluBlock());
        int in = 64;
        for (int i = 0; i < STAGES.length; i++) {
            for (int j = 0; j < STAGES[i].length; j++) {
                int out = STAGES[i][j];
                boolean lastUnit = i == STAGES.length - 1 && j == STAGES[i].length - 1;
                net.add(unit(in, out, j == 0 ? 2 : 1, j == 0 ? 2 : 3, i != 0 || j != 0, !lastUnit));
                in = out;
            }
        }
        net.add(separable(1024, 1536, false))
                .add(separable(1536, 2048, true))
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock());
        if (dropout >= MIN_DROPOUT) {
            net.add(Dropout.builder().optRate((float) dropout).build());
        }
        return net.add(ResNetFactory.head(numClasses, 2048));
    }

    /**
     * The images arrive normalised with ImageNet's mean/std ({@link ImageDecoder}); data_loader.py normalises
     * 'ception' archs with mean = std = 0.5 instead: x' = (x std_c + mean_c - 0.5) / 0.5, per channel.
     */
    static Block inceptionNormalisation() {
        return LambdaBlock.singleton(x -> {
            NDManager manager = x.getManager();
            NDArray std = manager.create(ImageDecoder.STD).reshape(1, 3, 1, 1);
            NDArray mean = manager.create(ImageDecoder.MEAN).reshape(1, 3, 1, 1);
            return x.mul(std).add(mean).sub(0.5f).mul(2f);
        });
    }

    /** body(x) + shortcut(x); growFirst: the first separable conv changes the channels, else the last one does. */
    private static Block unit(int in, int out, int stride, int reps, boolean startWithRelu, boolean growFirst) {
        SequentialBlock body = new SequentialBlock();
        for (int r = 0; r < reps; r++) {
            int from;
            int to;
            if (growFirst) {
                from = r == 0 ? in : out;
                to = out;
            } else {
                from = in;
                to = r == reps - 1 ? out : in;
            }
            body.add(separable(from, to, r != 0 || startWithRelu));
        }
        if (stride != 1) {
            body.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(stride, stride), new Shape(1, 1)));
        }
        Block shortcut = in != out || stride != 1
                ? new SequentialBlock().add(ResNetFactory.subsample(stride)).add(conv(out, 1, 1, 0, 1)).add(ResNetFactory.batchNorm())
                : Blocks.identityBlock();
        return ResNetFactory.residualSum(body, shortcut);
    }

    /** [ReLU], depthwise 3x3 (groups = in), pointwise 1x1 to out, BN. */
    private static Block separable(int in, int out, boolean relu) {
        SequentialBlock block = new SequentialBlock();
        if (relu) {
            block.add(Activation.reluBlock());
        }
        return block.add(conv(in, 3, 1, 1, in)).add(conv(out, 1, 1, 0, 1)).add(ResNetFactory.batchNorm());
    }

    private static Block conv(int filters, int kernel, int stride, int padding, int groups) {
        return ResNetFactory.plainConv(filters, kernel, stride, padding, groups, KAIMING_UNIFORM);
    }
}
