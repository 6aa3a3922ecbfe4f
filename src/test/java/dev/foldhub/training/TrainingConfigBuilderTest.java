package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.optim.SwaSettings;
import dev.foldhub.training.schedule.HeadOnlyWarmup;
import dev.foldhub.training.schedule.LrPlan;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigBuilderTest {

    // guards that the builder's defaults are the parser's: a setting left alone on the builder means what an absent
    // key means in a YAML config (record equality compares all 28 components, data.fit crop included)
    @Test
    void builderWithOnlyTheInputSizeEqualsTheParsedMinimalConfig() {
        TrainingConfig parsed = TrainingConfigParser.parse("""
                model:
                    input_size: 32
                """);

        assertThat(TrainingConfig.builder().inputSize(32).build()).isEqualTo(parsed);
    }

    // guards that model.input_size, which the parser requires, has no default on the builder either
    @Test
    void builderWithoutTheInputSizeFails() {
        assertThatThrownBy(() -> TrainingConfig.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inputSize");
    }

    // guards that toBuilder() copies every component and each setter sets its own: a config differing from the
    // defaults in every component comes back equal
    @Test
    void toBuilderKeepsEveryComponent() throws ReflectiveOperationException {
        TrainingConfig defaults = TrainingConfig.builder().inputSize(32).build();
        TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(64).numClasses(7).dropout(0.2)
                .batchSize(8).numEpochs(3).maxStepsPerEpoch(5).shuffle(false).optimizer("sgd").lr(0.1).momentum(0.8)
                .nesterov(true).weightDecay(1e-4).loss("mixed_bce_focal").hflip(true).testBatchSize(16).numTtas(2)
                .lossWeight(0.4).lrPlan(new LrPlan("step", Map.of("step_size", 2.0), null, 1, 1, 1000, 0, 0, 0,
                        List.of())).augmentations(new Augmentations(true, false, 0, 0.02, 0.4, 0.3, 3.33, false, 0.5))
                .accumBatches(2).weights("/models/a.pt").freezeBackboneEpochs(1).seed(42L)
                .swa(new SwaSettings(true, 2)).ttaCombine(TtaCombine.MAX).headOnlyWarmup(new HeadOnlyWarmup(3, 0.01))
                .fit(ImageFit.RESIZE).build();
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            assertThat(c.getAccessor().invoke(config)).as(c.getName()).isNotEqualTo(c.getAccessor().invoke(defaults));
        }

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.cappedAt(2)).isEqualTo(config.toBuilder().numEpochs(2).build());
    }
}
