package dev.foldhub.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.SyntheticImages;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.SeededBatchSampler;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.model.ModelBlocks;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.SettableTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadOnlyWarmupTest {

    @TempDir
    static Path dir;

    static List<LabeledImage> images;

    @BeforeAll
    static void writeImages() throws IOException {
        images = SyntheticImages.write(dir, "train", 24, 32, 5);
    }

    // guards train.head_only_warmup (model.py's freeze_layers): after the pass the backbone's trainable parameters are
    // as initialised, even with weight decay, the head's have moved, and every parameter trains again afterwards
    @Test
    void warmupPassTrainsOnlyTheClassifierHead() {
        int classes = SyntheticImages.CLASSES;
        TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(32).numClasses(classes)
                .batchSize(8).numEpochs(1).maxStepsPerEpoch(0).weightDecay(1e-2).testBatchSize(8)
                .fit(ImageFit.RESIZE).build();
        SettableTracker tracker = new SettableTracker(config.lr());
        try (Model model = Model.newInstance("head-warmup", Device.cpu())) {
            model.setBlock(ModelBlocks.forTraining(config, classes, model.getNDManager()));
            try (Trainer trainer = model.newTrainer(TrainingSetup.trainingConfig(config, Device.cpu(), tracker))) {
                trainer.initialize(new Shape(1, 3, 32, 32));
                Block head = ModelBlocks.head(model.getBlock());
                Map<Parameter, float[]> before = trainable(model.getBlock());
                Map<Parameter, float[]> headBefore = trainable(head);
                BatchLoader set = new BatchLoader(new DecodedImageCache(images, 32, new AtomicLong(1 << 24)), 32,
                        classes, false, null, 1, new SeededBatchSampler(8, new Random(1), true),
                        LoaderSettings.defaults());

                new TrainingLoop(config, tracker, new Random(2)).headOnlyWarmup(model, trainer, set,
                        new HeadOnlyWarmup(3, 0.05), TrainingProgress.NONE);

                Map<Parameter, float[]> after = trainable(model.getBlock());
                assertThat(headBefore).hasSize(2); // weight and bias
                for (Parameter p : headBefore.keySet()) {
                    assertThat(after.get(p)).as("head %s moved", p.getName()).isNotEqualTo(headBefore.get(p));
                }
                int backbone = 0;
                for (Map.Entry<Parameter, float[]> e : before.entrySet()) {
                    if (!headBefore.containsKey(e.getKey())) {
                        assertThat(after.get(e.getKey())).as("backbone %s unchanged", e.getKey().getName())
                                .isEqualTo(e.getValue());
                        backbone++;
                    }
                }
                assertThat(backbone).isGreaterThan(10);
                assertThat(after).hasSameSizeAs(before); // every parameter requires a gradient again
            }
        }
    }

    /** Trainable parameters (BatchNorm running statistics excluded: they update in train mode, as in the reference). */
    private static Map<Parameter, float[]> trainable(Block block) {
        Map<Parameter, float[]> values = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                values.put(p.getValue(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }
}
