package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.yaml.YamlLimits;
import org.junit.jupiter.api.Test;

class IgnoredKeysTest {

    @Test
    void keysTheTrainerAcceptsButDoesNotUseAreListedInDocumentOrder() {
        // guards issue 13 item 13: informational, default-only and disabled-section keys are named, never silent
        String yaml = """
                model:
                  arch: resnet18
                  input_size: 64
                  num_folds: 5
                train:
                  csv: ../input/train.csv
                  batch_size: 16
                  min_lr: 0.0000003
                  mixup:
                    enable: false
                    beta_a: 0.4
                  lr_finder:
                    beta: 0.98
                scheduler2:
                  name: ''
                loss:
                  name: binary_cross_entropy
                  params: {gamma: 2}
                """;
        assertThat(TrainingConfigParser.ignoredKeys(yaml, YamlLimits.DEFAULT)).containsExactly(
                "model.num_folds", "train.csv", "train.min_lr", "train.mixup.beta_a", "train.lr_finder.beta",
                "scheduler2.name", "loss.params");
    }

    @Test
    void aConfigOfUsedKeysOnlyIgnoresNothing() {
        // guards: keys the trainer acts on (and the enable switch itself) are not reported
        String yaml = "model:\n  arch: resnet18\n  input_size: 64\ntrain:\n  batch_size: 8\n  num_epochs: 3\n"
                + "  mixup:\n    enable: true\n    beta_a: 0.4\nscheduler:\n  name: multi_step\n"
                + "  params: {milestones: '[2]', gamma: 0.5}\naugmentations:\n  hflip: true\n";
        assertThat(TrainingConfigParser.ignoredKeys(yaml, YamlLimits.DEFAULT)).isEmpty();
    }

    @Test
    void anInvalidConfigStillThrowsNamingItsPath() {
        // guards: listing ignored keys never lets an unsupported value through
        assertThatThrownBy(() -> TrainingConfigParser.ignoredKeys("model:\n  input_size: 64\ntrain:\n  lr_finder:\n"
                + "    beta: 0.5\n", YamlLimits.DEFAULT)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("train.lr_finder.beta");
    }
}
