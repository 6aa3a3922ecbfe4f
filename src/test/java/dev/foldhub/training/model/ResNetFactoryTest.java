package dev.foldhub.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.foldhub.training.image.ImageDecoder;
import org.junit.jupiter.api.Test;

class ResNetFactoryTest {

    // guards the torchvision layout: backbone params + 512 * C weights + C biases, BN running stats not counted
    @Test
    void resnet18And34HaveTorchvisionParameterCounts() {
        assertThat(trainableParameters("resnet18", 1000)).isEqualTo(11_689_512L);
        assertThat(trainableParameters("resnet18", 20)).isEqualTo(11_176_512L + 512 * 20 + 20);
        assertThat(trainableParameters("resnet34", 1000)).isEqualTo(21_797_672L);
    }

    // guards the bottleneck layouts: torchvision resnet50 and Cadene's se_resnext50_32x4d (grouped 3x3 + SE), 1000 classes
    @Test
    void bottleneckAndSeResNeXtHaveTheirReferenceParameterCounts() {
        assertThat(trainableParameters("resnet50", 1000)).isEqualTo(25_557_032L);
        assertThat(trainableParameters("seresnext50_32x4d", 1000)).isEqualTo(27_559_896L);
    }

    // guards the reference's pytorchcv layouts (weight counts asserted in its models/cbamresnet.py and xception.py _test):
    // CBAM gates (shared channel MLP + 7x7 spatial conv + BN) in every ResNet-50 unit; Xception's separable convs
    @Test
    void cbamResNet50AndXceptionHaveTheReferenceParameterCounts() {
        assertThat(trainableParameters("cbam_resnet50", 1000)).isEqualTo(28_089_624L);
        assertThat(trainableParameters("xception", 1000)).isEqualTo(22_855_952L);
    }

    // guards that every native arch runs forward and backward on a tiny input with one logit per class
    @Test
    void everyArchTrainsOneStepOnATinyInput() {
        for (String arch : ResNetFactory.ARCHS) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = ResNetFactory.build(arch, 5, 0.1);
                block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                block.getParameters().values().stream().filter(Parameter::requiresGradient)
                        .forEach(p -> p.getArray().setRequiresGradient(true));
                try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    ai.djl.ndarray.NDArray x = manager.randomNormal(new Shape(2, 3, 32, 32));
                    ai.djl.ndarray.NDArray logits = block.forward(new ai.djl.training.ParameterStore(manager, false),
                            new ai.djl.ndarray.NDList(x), true).singletonOrThrow();
                    assertThat(logits.getShape()).as(arch).isEqualTo(new Shape(2, 5));
                    collector.backward(logits.sum());
                }
                Parameter first = block.getParameters().valueAt(0);
                assertThat(first.getArray().getGradient().abs().sum().getFloat()).as(arch + " gradient").isPositive();
            }
        }
    }

    // guards the output shape: logits, one per class, for any square input of 32 px or more
    @Test
    void outputsOneLogitPerClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ResNetFactory.build("resnet18", 7, 0.25);
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            assertThat(block.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)})[0]).isEqualTo(new Shape(2, 7));
        }
    }

    // guards the SIGFPE workaround: a strided 1x1 conv built as subsample + 1x1 conv gives a stride-2 1x1 conv's output
    @Test
    void stridedOneByOneConvEqualsSubsampleThenConv() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block viaSubsample = ResNetFactory.conv(4, 1, 2, 0, 1);
            Shape input = new Shape(2, 3, 5, 5);
            viaSubsample.initialize(manager, DataType.FLOAT32, input);
            ai.djl.ndarray.NDArray weight = viaSubsample.getParameters().valueAt(0).getArray();
            ai.djl.ndarray.NDArray x = manager.randomNormal(input);
            ai.djl.ndarray.NDArray expected = ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, null,
                    new Shape(2, 2), new Shape(0, 0), new Shape(1, 1)).singletonOrThrow();
            ai.djl.ndarray.NDArray actual = viaSubsample.forward(new ai.djl.training.ParameterStore(manager, false),
                    new ai.djl.ndarray.NDList(x), false).singletonOrThrow();
            assertThat(actual.getShape()).isEqualTo(new Shape(2, 4, 3, 3));
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    // guards xception's input normalisation: an ImageNet-normalised pixel v becomes (v - 0.5) / 0.5, as data_loader.py
    // normalises 'ception' archs; v = 0.8 in each channel
    @Test
    void xceptionRenormalisesImageNetInputToHalfMeanHalfStd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] pixel = new float[3];
            for (int c = 0; c < 3; c++) {
                pixel[c] = (0.8f - ImageDecoder.MEAN[c]) / ImageDecoder.STD[c];
            }
            Block block = XceptionFactory.inceptionNormalisation();
            ai.djl.ndarray.NDArray out = block.forward(new ai.djl.training.ParameterStore(manager, false),
                    new ai.djl.ndarray.NDList(manager.create(pixel).reshape(1, 3, 1, 1)), false).singletonOrThrow();
            for (float v : out.toFloatArray()) {
                assertThat(v).isCloseTo(0.6f, org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    // guards config validation: an unknown arch is the user's mistake, not a crash
    @Test
    void rejectsUnknownArch() {
        assertThatThrownBy(() -> ResNetFactory.build("resnet152", 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resnet152");
    }

    private static long trainableParameters(String arch, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ResNetFactory.build(arch, classes, 0);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            return block.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
        }
    }
}
