package dev.foldhub.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Guards how a clone's overrides meet its parent's config: mappings merge deeply, scalars and lists replace. */
class YamlMergeTest {

    private static final String BASE = """
            model:
              arch: resnet18
              input_size: 32
            optimizer:
              name: adam
              params:
                lr: 0.001
                weight_decay: 0.0
            test:
              ttas: [0, 1]
            """;

    @Test
    void nestedMappingsMergeKeyByKeyAndScalarsAndListsReplace() {
        String merged = YamlMerge.merge(BASE, """
                optimizer:
                  params:
                    lr: 0.0003
                test:
                  ttas: [2]
                loss:
                  name: focal
                """, YamlLimits.DEFAULT, "overrides");
        Map<String, Object> m = new Yaml().load(merged);
        assertThat(m).containsOnlyKeys("model", "optimizer", "test", "loss");
        assertThat(m.get("model")).isEqualTo(Map.of("arch", "resnet18", "input_size", 32));
        assertThat(m.get("optimizer")).isEqualTo(Map.of("name", "adam", "params", Map.of("lr", 0.0003, "weight_decay", 0.0)));
        assertThat(m.get("test")).as("a list replaces, it is not appended to").isEqualTo(Map.of("ttas", List.of(2)));
        assertThat(m.get("loss")).isEqualTo(Map.of("name", "focal"));
        assertThat(List.copyOf(m.keySet())).as("the base's order, new keys last")
                .containsExactly("model", "optimizer", "test", "loss");
    }

    @Test
    void aScalarReplacesAWholeMappingAndBlankOverridesChangeNothing() {
        Map<String, Object> replaced = new Yaml().load(YamlMerge.merge(BASE, "optimizer: sgd", YamlLimits.DEFAULT, "o"));
        assertThat(replaced.get("optimizer")).isEqualTo("sgd");
        assertThat(YamlMerge.merge(BASE, "  \n", YamlLimits.DEFAULT, "o")).isEqualTo(BASE);
        assertThat(YamlMerge.merge(BASE, "# nothing to change\n", YamlLimits.DEFAULT, "o")).isEqualTo(BASE);
    }

    @Test
    void overridesThatAreNotAMappingOrNotYamlAreRefusedNamingTheField() {
        assertThatThrownBy(() -> YamlMerge.merge(BASE, "- a\n- b", YamlLimits.DEFAULT, "overrides"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("overrides"));
        assertThatThrownBy(() -> YamlMerge.merge(BASE, "model: [unclosed", YamlLimits.DEFAULT, "overrides"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("overrides"));
        assertThatThrownBy(() -> YamlMerge.merge(BASE, "a: " + "x".repeat(100), new YamlLimits(50, 10, 10), "overrides"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
    }
}
