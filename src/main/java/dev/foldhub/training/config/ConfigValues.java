package dev.foldhub.training.config;

import dev.foldhub.training.InvalidConfigException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a YAML value against a {@link ValueKind} and normalises it (Integer, Double, Boolean, String, List, Map). */
final class ConfigValues {

    // why: SnakeYAML follows YAML 1.1, where "1e-3" (no dot) is a string; the reference added a resolver for it
    private static final Pattern NUMERIC = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private ConfigValues() {
    }

    /** The normalised value, null for a YAML null (which means: keep the default). */
    static Object coerce(ValueKind kind, Object value, String path) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case MAPPING, FREE_MAPPING -> require(value instanceof Map<?, ?>, value, path, "must be a mapping");
            case LIST -> require(value instanceof List<?>, value, path, "must be a list");
            case BOOLEAN -> require(value instanceof Boolean, value, path, "must be a boolean");
            case STRING -> require(value instanceof String, value, path, "must be a string");
            case NUMBER -> toDouble(value, path);
            case INTEGER -> toInteger(value, path);
        };
    }

    /** Whether a normalised value equals a key's default, numbers compared by value. */
    static boolean sameAsDefault(Object value, Object defaultValue) {
        if (value instanceof Number a && defaultValue instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        return Objects.equals(value, defaultValue);
    }

    private static Object require(boolean ok, Object value, String path, String reason) {
        if (!ok) {
            throw new InvalidConfigException(path, reason);
        }
        return value;
    }

    private static Double toDouble(Object value, String path) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s && NUMERIC.matcher(s.trim()).matches()) {
            return Double.parseDouble(s.trim());
        }
        throw new InvalidConfigException(path, "must be a number");
    }

    private static Integer toInteger(Object value, String path) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            throw new InvalidConfigException(path, "must be an integer below " + Integer.MAX_VALUE);
        }
        if (value instanceof Boolean || !(value instanceof Number || value instanceof String)) {
            throw new InvalidConfigException(path, "must be an integer");
        }
        double d;
        try {
            d = toDouble(value, path); // accepts 1e9 and 1000.0
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(path, "must be an integer");
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidConfigException(path, "must be an integer");
        }
        return (int) d;
    }
}
