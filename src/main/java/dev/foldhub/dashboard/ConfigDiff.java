package dev.foldhub.dashboard;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.yaml.YamlDiff;
import dev.foldhub.yaml.YamlLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config keys whose values differ between compared experiments (YamlDiff of each against the first), with every
 * experiment's value of each. Experiments without a config mapping (imported ones: a comment only) are left out of
 * the diff and named in {@code withoutConfig}, so they do not make every key look changed; {@code problem} says why
 * there is no diff (a config that is not YAML, say).
 */
record ConfigDiff(List<ExperimentView> compared, List<String> withoutConfig, List<Row> rows, String problem) {

    /** One differing key and its value in each compared experiment, in their order (null: the key is absent). */
    record Row(String key, List<String> values) {
    }

    static ConfigDiff of(List<ExperimentView> experiments) {
        List<ExperimentView> compared = new ArrayList<>();
        List<String> withoutConfig = new ArrayList<>();
        try {
            for (ExperimentView e : experiments) {
                // why: YamlDiff against nothing lists every leaf; none means the config is no mapping with values
                if (YamlDiff.between(e.config(), null, YamlLimits.DEFAULT).isEmpty()) {
                    withoutConfig.add(e.name());
                } else {
                    compared.add(e);
                }
            }
            return new ConfigDiff(compared, withoutConfig, rows(compared), null);
        } catch (InvalidInputException e) {
            return new ConfigDiff(List.of(), withoutConfig, List.of(), "the configs cannot be compared: " + e.getMessage());
        }
    }

    private static List<Row> rows(List<ExperimentView> compared) {
        if (compared.size() < 2) {
            return List.of();
        }
        String base = compared.get(0).config();
        // key -> value in the first experiment (the "before" of any change naming it), and in each other one that differs
        Map<String, String> baseValues = new LinkedHashMap<>();
        List<Map<String, String>> changed = new ArrayList<>();
        for (ExperimentView other : compared.subList(1, compared.size())) {
            Map<String, String> values = new LinkedHashMap<>();
            for (YamlDiff.Change c : YamlDiff.between(base, other.config(), YamlLimits.DEFAULT)) {
                baseValues.putIfAbsent(c.key(), c.before());
                values.put(c.key(), c.after());
            }
            changed.add(values);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> key : baseValues.entrySet()) {
            List<String> values = new ArrayList<>();
            values.add(key.getValue());
            for (Map<String, String> other : changed) {
                values.add(other.containsKey(key.getKey()) ? other.get(key.getKey()) : key.getValue());
            }
            rows.add(new Row(key.getKey(), values));
        }
        return rows;
    }
}
