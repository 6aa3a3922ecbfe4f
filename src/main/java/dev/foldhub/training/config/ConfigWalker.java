package dev.foldhub.training.config;

import dev.foldhub.training.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks a user's config in document order, stopping at the first problem: an unknown key, a wrong type,
 * an out-of-range value, or a non-default value the trainer would not act on. Inside a section whose
 * {@code enable} is false (train.mixup, train.swa, data.rect_crop, ...) the other keys are type-checked
 * only, since the reference never reads them either.
 */
public final class ConfigWalker implements ConfigLookup {

    private final Map<?, ?> root;
    private final List<String> ignored = new ArrayList<>();

    public ConfigWalker(Map<?, ?> root) {
        this.root = root;
    }

    /**
     * After {@link #walk()}: the paths the user wrote that the trainer accepts but does not use, in document order
     * (informational keys, default-only keys at their default, keys inside a disabled section).
     */
    public List<String> ignored() {
        return List.copyOf(ignored);
    }

    public void walk() {
        walkSection(root, ReferenceConfigSchema.ROOT, "", false);
    }

    /** Checks only that every key is known and well-typed, as if every feature were supported. */
    public void walkKeysAndTypes() {
        walkSection(root, ReferenceConfigSchema.ROOT, "", true);
    }

    @Override
    public Object effective(String dottedPath) {
        ConfigKey key = ReferenceConfigSchema.ROOT.find(dottedPath);
        Object raw = raw(dottedPath);
        if (raw == null) {
            return key.defaultValue();
        }
        try {
            return ConfigValues.coerce(key.kind(), raw, dottedPath);
        } catch (InvalidConfigException e) {
            return key.defaultValue(); // reported when the walk reaches it
        }
    }

    private void walkSection(Map<?, ?> user, ConfigKey schema, String prefix, boolean inert) {
        boolean disabled = inert || isDisabled(user, schema);
        for (Map.Entry<?, ?> entry : user.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            ConfigKey key = schema.children().get(name);
            if (key == null) {
                throw new InvalidConfigException(path, "unknown key");
            }
            Object value = ConfigValues.coerce(key.kind(), entry.getValue(), path);
            boolean keyInert = inert || disabled && !name.equals("enable");
            if (value == null) {
                continue;
            }
            switch (key.kind()) {
                case MAPPING -> walkSection((Map<?, ?>) value, key, path, keyInert);
                case FREE_MAPPING -> {
                    // the reference passes these straight to its scheduler or loss
                    if (!keyInert) {
                        ScheduleSettings.checkParams(path, (Map<?, ?>) value, this);
                    }
                    if (keyInert || SupportedSettings.isIgnored(path)) {
                        ignored.add(path);
                    }
                }
                default -> {
                    if (!keyInert) {
                        SupportedSettings.check(path, value, key.defaultValue(), this);
                    }
                    if (keyInert || SupportedSettings.isIgnored(path)) {
                        ignored.add(path);
                    }
                }
            }
        }
    }

    private static boolean isDisabled(Map<?, ?> user, ConfigKey schema) {
        ConfigKey enable = schema.children().get("enable");
        if (enable == null) {
            return false;
        }
        Object value = user.get("enable");
        return Boolean.FALSE.equals(value instanceof Boolean ? value : enable.defaultValue());
    }

    private Object raw(String dottedPath) {
        Object node = root;
        for (String part : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        return node;
    }
}
