package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.training.optim.SwaSettings;
import org.junit.jupiter.api.Test;

/** train.seed and train.swa in the reference's config format. */
class SeedAndSwaConfigTest {

    private static final String MINIMAL = """
            model:
                arch: 'resnet18'
                input_size: 32
            """;

    // guards the defaults: no seed (the worker's per-fold default) and no averaging
    @Test
    void withoutTheKeysThereIsNoSeedAndNoSwa() {
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL);
        assertThat(config.seed()).isNull();
        assertThat(config.swa()).isEqualTo(SwaSettings.OFF);
    }

    // guards that the reference's swa section (v5.3.5/v5.3.6 configs) and Foldhub's train.seed are read
    @Test
    void seedAndSwaAreRead() {
        TrainingConfig config = TrainingConfigParser.parse(MINIMAL
                + "train:\n    seed: 1234\n    swa:\n        enable: true\n        period: 3\n");
        assertThat(config.seed()).isEqualTo(1234L);
        assertThat(config.swa()).isEqualTo(new SwaSettings(true, 3));
    }

    // guards the errors: swa enabled needs a positive period; a seed must be an integer
    @Test
    void swaWithoutAPositivePeriodAndANonIntegerSeedAreRejected() {
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL + "train:\n    swa:\n        enable: true\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessage("train.swa.period: is required with train.swa.enable");
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL
                + "train:\n    swa:\n        enable: true\n        period: 0\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessage("train.swa.period: must be greater than 0");
        assertThatThrownBy(() -> TrainingConfigParser.parse(MINIMAL + "train:\n    seed: 'abc'\n"))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("train.seed");
    }
}
