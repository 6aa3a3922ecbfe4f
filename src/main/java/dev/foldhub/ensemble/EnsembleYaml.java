package dev.foldhub.ensemble;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.yaml.YamlLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The reference's ensemble file: a YAML list of {predicts: [the level1_train_... file of each fold], weight}.
 */
final class EnsembleYaml {

    /** One model of the file: its per-fold OOF file names and its weight. */
    record Entry(List<String> predicts, double weight) {
    }

    private EnsembleYaml() {
    }

    /** Writes the file exactly in the layout PyYAML gives the reference's list of dicts. */
    static String write(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Entry entry : entries) {
            out.append("- predicts:\n");
            for (String file : entry.predicts()) {
                out.append("  - ").append(file).append('\n');
            }
            out.append("  weight: ").append(formatWeight(entry.weight())).append('\n');
        }
        return out.toString();
    }

    /** The file name the reference gives an ensemble: &lt;name&gt;_val_&lt;F2:.4f&gt;.yml. */
    static String fileName(String name, double f2) {
        return String.format(Locale.ROOT, "%s_val_%.4f.yml", name, f2);
    }

    static List<Entry> read(String yaml) {
        return read(yaml, YamlLimits.DEFAULT);
    }

    /** The entries of a file, read within the limits; a 400 naming ensemble.yml (or the entry) when invalid. */
    static List<Entry> read(String yaml, YamlLimits limits) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidInputException("ensemble.yml", "is empty");
        }
        if (limits.tooLong(yaml)) {
            throw new InvalidInputException("ensemble.yml", "is longer than the limit of " + limits.maxCodePoints()
                    + " characters");
        }
        Object document;
        try {
            document = new Yaml(new SafeConstructor(limits.loaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            // why: besides YAMLException, SnakeYAML's constructors throw plain runtime exceptions for a tag that does
            // not fit its node (!!binary with bad base64, !!set on a scalar)
            throw new InvalidInputException("ensemble.yml", "is not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (!(document instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException("ensemble.yml", "must be a non-empty list of {predicts, weight}");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "ensemble.yml[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new InvalidInputException(at, "must be a mapping with predicts and weight");
            }
            if (!(map.get("predicts") instanceof List<?> predicts) || predicts.isEmpty()
                    || !predicts.stream().allMatch(String.class::isInstance)) {
                throw new InvalidInputException(at + ".predicts", "must be a list of file names");
            }
            if (!(map.get("weight") instanceof Number weight) || !Double.isFinite(weight.doubleValue())
                    || weight.doubleValue() < 0) {
                throw new InvalidInputException(at + ".weight", "must be a number >= 0");
            }
            entries.add(new Entry(predicts.stream().map(String.class::cast).toList(), weight.doubleValue()));
        }
        return entries;
    }

    private static String formatWeight(double weight) {
        // shortest repr that reads back to the same double, as Python's float repr
        return Double.toString(weight).replace("E", "e");
    }
}
