package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The effective config the experiment page shows: the user's values, the reference's defaults, the parser's own. */
class EffectiveConfigTest {

    private static final String SGD = """
            model:
              arch: resnet18
              input_size: 64
            train:
              batch_size: 16
            optimizer:
              name: sgd
            """;

    // guards issue 15 item 4: what the user wrote is kept, what they left out shows at its default
    @Test
    void keepsTheUsersValuesAndFillsInTheDefaults() {
        Map<String, Map<String, Object>> effective = load(EffectiveConfig.yaml(SGD));
        assertThat(effective.get("model")).containsEntry("arch", "resnet18").containsEntry("input_size", 64)
                .containsEntry("dropout", 0.0);
        assertThat(effective.get("train")).containsEntry("batch_size", 16).containsEntry("shuffle", true);
        assertThat(effective.get("test")).containsEntry("num_ttas", 1).containsEntry("tta_combine_func", "mean")
                .containsEntry("batch_size", 64);
        assertThat(effective.get("model")).as("an unset default is left out").doesNotContainKey("num_classes");
    }

    // guards: the defaults the parser derives itself (not in the schema) are the ones a fold trains with
    @Test
    void showsTheParsersOwnDefaultsForLossAndOptimizer() {
        Map<String, Map<String, Object>> effective = load(EffectiveConfig.yaml(SGD));
        assertThat(effective.get("loss")).containsEntry("name", "binary_cross_entropy"); // the schema says 'none'
        assertThat(effective.get("optimizer").get("params")).isEqualTo(Map.of("lr", 0.001, "weight_decay", 0.0,
                "momentum", 0.9, "nesterov", true));
        Map<String, Map<String, Object>> adam = load(EffectiveConfig.yaml(SGD.replace("sgd", "adam")));
        assertThat(adam.get("optimizer").get("params")).as("adam takes no momentum")
                .isEqualTo(Map.of("lr", 0.001, "weight_decay", 0.0));
    }

    // guards: a config the trainer would refuse has no effective form
    @Test
    void anInvalidConfigIsRefusedAsTheParserRefusesIt() {
        assertThatThrownBy(() -> EffectiveConfig.yaml(SGD.replace("batch_size: 16", "batch_size: -1")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("train.batch_size");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> load(String yaml) {
        return (Map<String, Map<String, Object>>) new Yaml().load(yaml);
    }
}
