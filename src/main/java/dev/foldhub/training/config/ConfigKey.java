package dev.foldhub.training.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One known key of the reference config format: its shape, the default parse_config.py merges in,
 * and for a section its known children.
 */
record ConfigKey(ValueKind kind, Object defaultValue, Map<String, ConfigKey> children) {

    static ConfigKey integer(Integer defaultValue) {
        return new ConfigKey(ValueKind.INTEGER, defaultValue, Map.of());
    }

    static ConfigKey number(Double defaultValue) {
        return new ConfigKey(ValueKind.NUMBER, defaultValue, Map.of());
    }

    static ConfigKey bool(Boolean defaultValue) {
        return new ConfigKey(ValueKind.BOOLEAN, defaultValue, Map.of());
    }

    static ConfigKey string(String defaultValue) {
        return new ConfigKey(ValueKind.STRING, defaultValue, Map.of());
    }

    static ConfigKey list(Object defaultValue) {
        return new ConfigKey(ValueKind.LIST, defaultValue, Map.of());
    }

    static ConfigKey params() {
        return new ConfigKey(ValueKind.FREE_MAPPING, Map.of(), Map.of());
    }

    /** A section; children are given as alternating name, key pairs, in the reference's order. */
    static ConfigKey section(Object... nameKeyPairs) {
        Map<String, ConfigKey> children = new LinkedHashMap<>();
        for (int i = 0; i < nameKeyPairs.length; i += 2) {
            children.put((String) nameKeyPairs[i], (ConfigKey) nameKeyPairs[i + 1]);
        }
        return new ConfigKey(ValueKind.MAPPING, null, Collections.unmodifiableMap(children)); // in that order
    }

    /** The descendant at a dotted path below this section, or null when unknown. */
    ConfigKey find(String dottedPath) {
        ConfigKey key = this;
        for (String part : dottedPath.split("\\.")) {
            key = key.children().get(part);
            if (key == null) {
                return null;
            }
        }
        return key;
    }
}
