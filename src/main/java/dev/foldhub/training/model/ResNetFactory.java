package dev.foldhub.training.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.List;

/**
 * Torchvision-layout ResNets built from DJL blocks: 7x7/2 stem conv + BN + ReLU + 3x3/2 max pool,
 * four stages of basic blocks (64-128-256-512 channels; ResNet-50/101 and SE-ResNeXt 32x4d use
 * {@link BottleneckUnit}s with 4x expansion, cbam_resnet50 adds a {@link CbamGate} to each), global average
 * pool, optional dropout,
 * and a linear head that outputs logits. Initialised as torchvision: conv weights kaiming normal (fan_out),
 * BN gamma 1 / beta 0, head weights uniform in +-1/sqrt(512) (bias 0 here, torchvision draws it too).
 * xception is built by {@link XceptionFactory}.
 * why: DJL's ResNetV1.builder().setNumLayers(18) switches to bottleneck units above 28 px, so it is not ResNet-18.
 */
public final class ResNetFactory {

    /** The archs built natively. */
    public static final List<String> ARCHS = List.of("resnet18", "resnet34", "resnet50", "resnet101",
            "seresnext50_32x4d", "seresnext101_32x4d", "cbam_resnet50", "xception");
    private static final int[] WIDTHS = {64, 128, 256, 512};
    // kaiming normal, fan_out: std = sqrt(2 / fan_out)
    private static final Initializer KAIMING_FAN_OUT = new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);

    private ResNetFactory() {
    }

    /**
     * @param arch       one of {@link #ARCHS}
     * @param numClasses outputs of the linear head
     * @param dropout    dropout rate before the head, 0 for none
     */
    public static Block build(String arch, int numClasses, double dropout) {
        String name = arch == null ? "" : arch;
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (name.equals("xception")) {
            return XceptionFactory.build(numClasses, dropout);
        }
        int[] blocksPerStage = switch (name) {
            case "resnet18" -> new int[] {2, 2, 2, 2};
            case "resnet34", "resnet50", "seresnext50_32x4d", "cbam_resnet50" -> new int[] {3, 4, 6, 3};
            case "resnet101", "seresnext101_32x4d" -> new int[] {3, 4, 23, 3};
            default -> throw new IllegalArgumentException("unsupported arch '" + arch + "': use one of " + ARCHS);
        };
        boolean bottleneck = !name.equals("resnet18") && !name.equals("resnet34");
        boolean seResNeXt = name.startsWith("seresnext");
        boolean cbam = name.equals("cbam_resnet50");
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 7, 2, 3))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int inChannels = 64;
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            int width = WIDTHS[stage];
            for (int b = 0; b < blocksPerStage[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                if (bottleneck) {
                    // ResNeXt 32x4d: the 3x3 has 32 groups of 4 x (planes / 64) channels = planes * 2
                    int unitWidth = seResNeXt ? width * 2 : width;
                    net.add(cbam
                            ? BottleneckUnit.of(width, width, 1, stride, b == 0, CbamGate.of(width * 4))
                            : BottleneckUnit.of(width, unitWidth, seResNeXt ? 32 : 1, stride, b == 0, seResNeXt ? 16 : 0));
                    inChannels = width * 4;
                } else {
                    net.add(basicBlock(width, stride, stride != 1 || inChannels != width));
                    inChannels = width;
                }
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        if (dropout > 0) {
            net.add(Dropout.builder().optRate((float) dropout).build());
        }
        return net.add(head(numClasses, inChannels));
    }

    /** relu(bn(conv3x3(relu(bn(conv3x3(x))))) + shortcut(x)), the shortcut a strided 1x1 conv + BN when the shape changes. */
    private static Block basicBlock(int width, int stride, boolean projectShortcut) {
        Block main = new SequentialBlock()
                .add(conv(width, 3, stride, 1))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(width, 3, 1, 1))
                .add(batchNorm());
        Block shortcut = projectShortcut
                ? new SequentialBlock().add(conv(width, 1, stride, 0)).add(batchNorm())
                : Blocks.identityBlock();
        return new SequentialBlock().add(residualSum(main, shortcut)).add(Activation.reluBlock());
    }

    static Block conv(int filters, int kernel, int stride, int padding) {
        return conv(filters, kernel, stride, padding, 1);
    }

    static Block conv(int filters, int kernel, int stride, int padding, int groups) {
        if (kernel == 1 && stride > 1 && padding == 0) {
            // why: libtorch 2.7.1's oneDNN crashes the JVM (SIGFPE in brgemm est_eff_1x1) in the backward of a 1x1
            // stride-2 conv with >= 512 in / 1024 out channels on AMD EPYC VMs; a 1x1 conv with stride s is the same
            // as keeping every s-th row and column, then a 1x1 conv with stride 1 (same weights, same result)
            return new SequentialBlock().add(subsample(stride)).add(conv(filters, 1, 1, 0, groups));
        }
        return plainConv(filters, kernel, stride, padding, groups, KAIMING_FAN_OUT);
    }

    /** A bias-free square conv with {@code init}'s weights, without {@link #conv}'s 1x1 stride workaround. */
    static Block plainConv(int filters, int kernel, int stride, int padding, int groups, Initializer init) {
        Block conv = Conv2d.builder()
                .optGroups(groups)
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
        conv.setInitializer(init, Parameter.Type.WEIGHT);
        return conv;
    }

    /** main(x) + shortcut(x), the sum of a residual unit. */
    static Block residualSum(Block main, Block shortcut) {
        return new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }

    /** Keeps every stride-th row and column: x[:, :, ::stride, ::stride]. */
    static Block subsample(int stride) {
        return LambdaBlock.singleton(x -> x.get(":, :, ::" + stride + ", ::" + stride));
    }

    /** A linear head with torch's default weight init, uniform in +-1/sqrt(inputs). */
    static Block head(int numClasses, long inputs) {
        Block head = Linear.builder().setUnits(numClasses).build();
        // why: DJL's default Xavier init gives logits ~10x larger than torch's, so the first epochs are spent shrinking them
        head.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(inputs))), Parameter.Type.WEIGHT);
        return head;
    }

    static Block batchNorm() {
        // DJL momentum 0.9 = torch momentum 0.1; epsilon 1e-5 as torch
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
    }
}
