package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
