package dev.foldhub.training;

import dev.foldhub.training.config.ConfigDefaults;
import dev.foldhub.yaml.YamlLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The config a fold trains with, written out whole: the experiment's YAML with every default merged in, and the
 * defaults the parser derives itself (loss.name, optimizer.params by optimizer) as {@link TrainingConfigParser} sets
 * them. For reading only: a fold trains from the stored config, never from this text.
 */
public final class EffectiveConfig {

    private EffectiveConfig() {
    }

    /** Block YAML of the effective config; throws {@link InvalidConfigException} as the parser does. */
    public static String yaml(String config) {
        TrainingConfig parsed = TrainingConfigParser.parse(config);
        Map<String, Object> merged = ConfigDefaults.merged(TrainingConfigParser.loadMapping(config, YamlLimits.DEFAULT));
        section(merged, "loss").put("name", parsed.loss());
        Map<String, Object> params = section(section(merged, "optimizer"), "params");
        params.put("lr", parsed.lr());
        params.put("weight_decay", parsed.weightDecay());
        if ("sgd".equals(parsed.optimizer())) { // adam takes neither
            params.put("momentum", parsed.momentum());
            params.put("nesterov", parsed.nesterov());
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(new Representer(options), options).dump(merged);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
    }
}
