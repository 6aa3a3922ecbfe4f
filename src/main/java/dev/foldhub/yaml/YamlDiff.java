package dev.foldhub.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The leaf keys whose values differ between two YAML mappings (a config and its parent's), by dotted path
 * ({@code optimizer.params.lr}); a list is one leaf. A key present on one side only is a change with null on the other.
 */
public final class YamlDiff {

    /** One changed leaf: its dotted key, the value before (null: absent) and after (null: absent), as YAML shows them. */
    public record Change(String key, String before, String after) {
    }

    private YamlDiff() {
    }

    /** The changed leaves, in the order of {@code before}'s keys, then the keys only {@code after} has. */
    public static List<Change> between(String before, String after, YamlLimits limits) {
        Map<String, String> a = leaves(before, limits);
        Map<String, String> b = leaves(after, limits);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(a.get(key), b.get(key))) {
                changes.add(new Change(key, a.get(key), b.get(key)));
            }
        }
        return changes;
    }

    private static Map<String, String> leaves(String yaml, YamlLimits limits) {
        Map<String, String> leaves = new LinkedHashMap<>();
        Object document = yaml == null || yaml.isBlank() ? null : YamlMerge.load(yaml, limits, "config");
        if (document instanceof Map<?, ?> map) {
            flatten("", map, leaves);
        }
        return leaves;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) {
                flatten(key + ".", inner, into);
            } else {
                into.put(key, String.valueOf(entry.getValue()));
            }
        }
    }
}
