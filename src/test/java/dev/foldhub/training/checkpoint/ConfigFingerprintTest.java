package dev.foldhub.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.training.FoldData;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.schedule.LrPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fingerprint that decides whether a resume file belongs to a run. */
class ConfigFingerprintTest {

    private static final List<LabeledImage> TRAIN = List.of(new LabeledImage(Path.of("/a/train/x.png"), new int[] {1}));
    private static final List<LabeledImage> VALID = List.of(new LabeledImage(Path.of("/a/train/y.png"), new int[] {0}));

    // guards stability: the same config gives the same hash whatever order its scheduler params were put in,
    // and wherever the data set lies (a checkpoint may move to another worker)
    @Test
    void sameConfigAndDataGiveTheSameFingerprint() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("base_lr", 1e-4);
        ab.put("max_lr", 1e-3);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("max_lr", 1e-3);
        ba.put("base_lr", 1e-4);
        FoldData data = new FoldData(2, TRAIN, VALID, 1);
        FoldData moved = new FoldData(2, List.of(new LabeledImage(Path.of("/b/x.png"), new int[] {1})),
                List.of(new LabeledImage(Path.of("/b/y.png"), new int[] {0})), 1);
        assertThat(ConfigFingerprint.of(config(ab, 1e-3), data)).isEqualTo(ConfigFingerprint.of(config(ba, 1e-3), moved));
    }

    // guards sensitivity: another lr, seed or label is another run
    @Test
    void anotherConfigSeedOrLabelGivesAnotherFingerprint() {
        FoldData data = new FoldData(2, TRAIN, VALID, 1);
        String base = ConfigFingerprint.of(config(Map.of(), 1e-3), data);
        assertThat(ConfigFingerprint.of(config(Map.of(), 2e-3), data)).isNotEqualTo(base);
        assertThat(ConfigFingerprint.of(config(Map.of(), 1e-3), new FoldData(2, TRAIN, VALID, 2))).isNotEqualTo(base);
        FoldData relabelled = new FoldData(2, List.of(new LabeledImage(Path.of("/a/train/x.png"), new int[] {0})),
                VALID, 1);
        assertThat(ConfigFingerprint.of(config(Map.of(), 1e-3), relabelled)).isNotEqualTo(base);
    }

    private static TrainingConfig config(Map<String, Object> params, double lr) {
        LrPlan plan = new LrPlan("cyclic_lr", params, null, 1, 1, 1000, 0, 0, 0, List.of());
        return TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(2).maxStepsPerEpoch(0)
                .lr(lr).hflip(true).testBatchSize(16).lossWeight(0).lrPlan(plan).fit(ImageFit.RESIZE).build();
    }
}
