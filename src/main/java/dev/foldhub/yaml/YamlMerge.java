package dev.foldhub.yaml;

import dev.foldhub.errors.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Overrides merged into a base YAML mapping, as a clone of an experiment takes its parent's config: mappings merge
 * key by key, to any depth; a scalar or a list in the overrides replaces the base's value (a list is not appended to).
 * Keys keep the base's order, new keys come after. Comments of the base are not kept (the result is dumped anew).
 */
public final class YamlMerge {

    private YamlMerge() {
    }

    /**
     * The base with the overrides merged in, as block YAML. An empty overrides document (blank, or only comments) returns the base as written.
     * 400 naming {@code field} when the overrides are not YAML or not a mapping.
     */
    public static String merge(String base, String overrides, YamlLimits limits, String field) {
        Object extra = overrides == null || overrides.isBlank() ? null : load(overrides, limits, field);
        if (extra == null) {
            return base; // why: the parent's text as written, comments and all, when nothing is overridden
        }
        Map<String, Object> merged = mapping(load(base, limits, "config"), "config");
        deepMerge(merged, mapping(extra, field));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(new SafeConstructor(limits.loaderOptions()), new Representer(options), options).dump(merged);
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> entry : from.entrySet()) {
            Object current = into.get(entry.getKey());
            if (current instanceof Map<?, ?> a && entry.getValue() instanceof Map<?, ?> b) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) a);
                deepMerge(copy, (Map<String, Object>) b);
                into.put(entry.getKey(), copy);
            } else {
                into.put(entry.getKey(), entry.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object document, String field) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidInputException(field, "must be a mapping of sections (model, train, ...)");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new InvalidInputException(field, "has a key that is not a string: " + key);
            }
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    static Object load(String yaml, YamlLimits limits, String field) {
        if (limits.tooLong(yaml)) {
            throw new InvalidInputException(field, "is longer than the limit of " + limits.maxCodePoints() + " characters");
        }
        try {
            return new Yaml(new SafeConstructor(limits.loaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new InvalidInputException(field, "invalid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // why: SnakeYAML's constructors throw plain runtime exceptions for a tag that does not fit its node
            throw new InvalidInputException(field, "invalid YAML (a tag that does not fit its value?): "
                    + e.getClass().getSimpleName());
        }
    }
}
