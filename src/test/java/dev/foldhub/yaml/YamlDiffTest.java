package dev.foldhub.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.yaml.YamlDiff.Change;
import org.junit.jupiter.api.Test;

/** Guards the config difference a clone's page shows: changed, added and removed leaves by dotted key, nothing else. */
class YamlDiffTest {

    @Test
    void changedAddedAndRemovedLeavesAreListedByDottedKey() {
        String parent = """
                model: {arch: resnet18, input_size: 32}
                optimizer: {name: adam, params: {lr: 0.001}}
                test: {ttas: [0, 1]}
                scheduler: {name: cosine}
                """;
        String child = """
                model: {arch: resnet34, input_size: 32}
                optimizer: {name: adam, params: {lr: 0.001, weight_decay: 0.01}}
                test: {ttas: [0]}
                """;
        assertThat(YamlDiff.between(parent, child, YamlLimits.DEFAULT)).containsExactly(
                new Change("model.arch", "resnet18", "resnet34"),
                new Change("test.ttas", "[0, 1]", "[0]"),
                new Change("scheduler.name", "cosine", null),
                new Change("optimizer.params.weight_decay", null, "0.01"));
    }

    @Test
    void theSameConfigWrittenDifferentlyHasNoChanges() {
        assertThat(YamlDiff.between("a: {b: 1, c: [x]}", "a:\n  c:\n    - x\n  b: 1\n", YamlLimits.DEFAULT)).isEmpty();
    }
}
