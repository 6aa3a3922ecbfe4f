package dev.foldhub.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.FoldTrainerTest;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.SyntheticImages;
import dev.foldhub.training.TestPredictor;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.TtaPlan;
import dev.foldhub.training.image.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning the TorchScript fixtures made by src/test/resources/torchscript/make_tiny_torchscript.py. */
class TorchScriptBackboneTest {

    static final Path WITH_HEAD = Path.of("src/test/resources/torchscript/tiny_backbone.pt").toAbsolutePath();
    static final Path FEATURES = Path.of("src/test/resources/torchscript/tiny_features.pt").toAbsolutePath();

    @TempDir
    static Path images;

    static List<LabeledImage> train;
    static List<LabeledImage> validation;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void writeImages() throws IOException {
        train = SyntheticImages.write(images, "train", 320, 32, 21);
        validation = SyntheticImages.write(images, "valid", 100, 32, 22);
    }

    // guards that a module saved by PyTorch 1.13 runs in DJL's libtorch 2.7.1 with PyTorch's own numbers
    @Test
    void moduleSavedByOlderPyTorchMatchesItsForward() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TorchScriptBackbone block = TorchScriptBackbone.load(manager, FEATURES, 32, 24, 0);
            assertThat(block.hasHead()).isFalse(); // 24 features = 24 "classes": the module's output is used as is
            NDArray out = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(2, 3, 32, 32))), false).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(2, 24));
            // printed by make_tiny_torchscript.py (torch 1.13, eval mode)
            assertThat(out.sum().getFloat()).isCloseTo(7.389830589294434f, offset(1e-4f));
        }
    }

    // guards the head rule: a module whose output width is not num_classes gets a Linear(num_classes) appended
    @Test
    void moduleWithAnotherOutputWidthGetsALinearHead() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TorchScriptBackbone appended = TorchScriptBackbone.load(manager, WITH_HEAD, 32, 6, 0.2);
            assertThat(appended.hasHead()).isTrue();
            appended.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(4, 3, 32, 32));
            NDArray out = appended.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(4, 3, 32, 32))), true).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(4, 6));
            assertThat(appended.getParameters().keys()).anyMatch(k -> k.contains("head"))
                    .anyMatch(k -> k.contains("conv1.weight"));

            TorchScriptBackbone own = TorchScriptBackbone.load(manager, WITH_HEAD, 32, 10, 0);
            assertThat(own.hasHead()).isFalse();
            assertThatThrownBy(() -> own.freezeModule(true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model.freeze_backbone_epochs needs an appended head");
        }
    }

    // guards end-to-end fine-tuning: every parameter trains, F2 beats the all-positive baseline, and the saved
    // checkpoint (module inside) predicts the validation images exactly as the trainer's best epoch did
    @Test
    void fineTunesATorchScriptModuleAndPredictsFromItsCheckpoint() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 42);
        TrainingConfig config = config(FEATURES, 3, 0);
        List<EpochStats> epochs = new ArrayList<>();
        FoldOutcome outcome = new FoldTrainer(Device.cpu(), new LoaderSettings(2, 4, 1 << 20)).train(config, data,
                ThresholdGrid.REFERENCE, checkpoints, FoldTrainerTest.progress(epochs, Integer.MAX_VALUE));

        double baseline = FoldTrainerTest.allPositiveF2(validation);
        epochs.forEach(System.out::println);
        System.out.printf("torchscript best F2 %.4f (baseline %.4f)%n", outcome.bestF2(), baseline);
        assertThat(outcome.bestF2()).isGreaterThan(baseline + 0.15);
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());

        List<Path> paths = validation.stream().map(LabeledImage::path).toList();
        TestPredictor.Result predicted = new TestPredictor(Device.cpu()).predict(config, SyntheticImages.CLASSES,
                outcome.checkpoint(), paths, 1, () -> false);
        assertThat(predicted.probabilities()).hasSize(outcome.oofProbabilities().length);
        for (int i = 0; i < predicted.probabilities().length; i++) {
            assertThat(predicted.probabilities()[i]).isCloseTo(outcome.oofProbabilities()[i], offset(1e-5f));
        }
        // test.num_ttas 3 with tta_combine_func max: max(p, p') of the original and the mirror, p' = 2 mean2 - p
        float[] mean2 = new TestPredictor(Device.cpu()).predict(config, SyntheticImages.CLASSES, outcome.checkpoint(),
                paths, new TtaPlan(2, TtaCombine.MEAN), () -> false).probabilities();
        float[] max3 = new TestPredictor(Device.cpu()).predict(config, SyntheticImages.CLASSES, outcome.checkpoint(),
                paths, new TtaPlan(3, TtaCombine.MAX), () -> false).probabilities();
        float[] p = predicted.probabilities();
        for (int i = 0; i < p.length; i++) {
            assertThat(max3[i]).isCloseTo(Math.max(p[i], 2 * mean2[i] - p[i]), offset(1e-5f));
        }
        assertThat(max3).isNotEqualTo(mean2);
    }

    // guards model.freeze_backbone_epochs: in a frozen epoch the module's parameters stay as exported, the head trains
    @Test
    void frozenEpochsTrainOnlyTheAppendedHead() throws Exception {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 64), validation.subList(0, 16), 5);
        FoldOutcome outcome = new FoldTrainer(Device.cpu()).train(config(FEATURES, 1, 1), data,
                ThresholdGrid.REFERENCE, checkpoints, TrainingProgress.NONE);
        try (Model saved = Model.newInstance("saved", Device.cpu());
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TorchScriptBackbone block = TorchScriptBackbone.forCheckpoint(saved.getNDManager());
            saved.setBlock(block);
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(outcome.checkpoint())) {
                saved.load(in, Map.of()); // the best epoch's <name>_f<k>_e<NN>_<F2>.params
            }
            assertThat(block.hasHead()).isTrue();
            TorchScriptBackbone exported = TorchScriptBackbone.load(manager, FEATURES, 32, 24, 0); // no head: module only
            Map<String, NDArray> original = new java.util.HashMap<>();
            for (Pair<String, Parameter> p : exported.getParameters()) {
                original.put(p.getKey().substring(p.getKey().indexOf('_') + 1), p.getValue().getArray());
            }
            int compared = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = p.getKey().substring(p.getKey().indexOf('_') + 1);
                NDArray before = original.get(name);
                if (before != null) {
                    assertThat(p.getValue().getArray().getDevice()).isEqualTo(Device.cpu());
                    assertThat(p.getValue().getArray().contentEquals(before)).as(name).isTrue();
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(6); // conv1, bn1 (weight, bias), conv2, bn2 (weight, bias)
        }
    }

    static TrainingConfig config(Path weights, int epochs, int freezeEpochs) {
        return TrainingConfig.builder().arch("torchscript").inputSize(32).batchSize(16).numEpochs(epochs)
                .maxStepsPerEpoch(0).lr(1e-2).hflip(true).testBatchSize(50).weights(weights.toString())
                .freezeBackboneEpochs(freezeEpochs).fit(ImageFit.RESIZE).build();
    }
}
