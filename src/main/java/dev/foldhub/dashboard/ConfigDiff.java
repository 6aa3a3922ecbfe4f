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
 * experiment's value of each; problem says why there is no diff (a config that is not a YAML mapping, say).
 */
record ConfigDiff(List<Row> rows, String problem) {

    /** One differing key and its value in each experiment, in their order (null: the key is absent). */
    record Row(String key, List<String> values) {
    }

    static ConfigDiff of(List<ExperimentView> experiments) {
        if (experiments.size() < 2) {
            return new ConfigDiff(List.of(), null);
        }
        String base = experiments.get(0).config();
        // key -> value in the first experiment (the "before" of any change naming it), and in each other one that differs
        Map<String, String> baseValues = new LinkedHashMap<>();
        List<Map<String, String>> changed = new ArrayList<>();
        try {
            for (ExperimentView other : experiments.subList(1, experiments.size())) {
                Map<String, String> values = new LinkedHashMap<>();
                for (YamlDiff.Change c : YamlDiff.between(base, other.config(), YamlLimits.DEFAULT)) {
                    baseValues.putIfAbsent(c.key(), c.before());
                    values.put(c.key(), c.after());
                }
                changed.add(values);
            }
        } catch (InvalidInputException e) {
            return new ConfigDiff(List.of(), "the configs cannot be compared: " + e.getMessage());
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
        return new ConfigDiff(rows, null);
    }
}
