package dev.foldhub.training.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config with the reference's defaults (parse_config.py's, as {@link ReferenceConfigSchema} has them) filled in
 * where the user wrote nothing: every known key in the schema's order, the user's value where there is one, the
 * default otherwise; keys whose default is "unset" (null) are left out unless the user set them.
 */
public final class ConfigDefaults {

    private ConfigDefaults() {
    }

    /** The user's mapping (as loaded from YAML) merged over the defaults; the user's values are kept as written. */
    public static Map<String, Object> merged(Map<?, ?> user) {
        return section(user, ReferenceConfigSchema.ROOT);
    }

    private static Map<String, Object> section(Map<?, ?> user, ConfigKey schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigKey> child : schema.children().entrySet()) {
            String name = child.getKey();
            Object mine = user == null ? null : user.get(name);
            ConfigKey key = child.getValue();
            if (key.kind() == ValueKind.MAPPING) {
                Map<String, Object> inner = section(mine instanceof Map<?, ?> m ? m : null, key);
                if (!inner.isEmpty()) {
                    out.put(name, inner);
                }
            } else if (mine != null) {
                out.put(name, mine);
            } else if (key.defaultValue() != null) {
                out.put(name, key.defaultValue());
            }
        }
        if (user != null) { // a key the schema does not know (a valid config has none) is shown as written
            user.forEach((name, value) -> out.putIfAbsent(String.valueOf(name), value));
        }
        return out;
    }
}
