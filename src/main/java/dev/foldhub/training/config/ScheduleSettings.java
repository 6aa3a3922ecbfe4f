package dev.foldhub.training.config;

import dev.foldhub.training.InvalidConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of scheduler.params, loss.params and the lr_decay milestones. A scheduler takes the named parameters
 * of the reference's function in schedulers.py; loss.params is accepted but, as in the reference (whose get_loss
 * passes optimizer.params to the loss), not read.
 */
public final class ScheduleSettings {

    static final List<String> SCHEDULERS = List.of("", "none", "cyclic_lr", "reduce_lr_on_plateau", "multi_step",
            "step", "exponential");

    private static final Map<String, Set<String>> PARAMS = Map.of(
            "cyclic_lr", Set.of("base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma",
                    "scale_mode", "cycle_momentum"),
            "reduce_lr_on_plateau", Set.of("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown",
                    "min_lr"),
            "multi_step", Set.of("milestones", "gamma"),
            "step", Set.of("step_size", "gamma"),
            "exponential", Set.of("gamma"));

    private static final Set<String> STRINGS = Set.of("mode", "scale_mode", "threshold_mode");

    private ScheduleSettings() {
    }

    /** Throws for a params entry the trainer would not act on; returns the entries normalised. */
    static void checkParams(String path, Map<?, ?> params, ConfigLookup config) {
        if (path.equals("loss.params")) {
            return;
        }
        String name = path.equals("scheduler.params") ? (String) config.effective("scheduler.name") : null;
        Set<String> known = name == null ? Set.of() : PARAMS.getOrDefault(name, Set.of());
        for (Map.Entry<?, ?> e : params.entrySet()) {
            String key = String.valueOf(e.getKey());
            String at = path + "." + key;
            Object v = e.getValue();
            if (!known.contains(key)) {
                throw new InvalidConfigException(at, "not supported yet");
            }
            String reason = check(key, v);
            if (reason != null) {
                throw new InvalidConfigException(at, reason);
            }
        }
    }

    private static String check(String key, Object v) {
        if (key.equals("milestones")) {
            return checkMilestones(v instanceof String text ? milestoneList(text) : v, null);
        }
        if (key.equals("cycle_momentum")) {
            return Boolean.FALSE.equals(v) ? null : "not supported yet (only false)";
        }
        if (STRINGS.contains(key)) {
            return v instanceof String ? null : "must be a string";
        }
        Object n = v instanceof String s ? tryNumber(s) : v;
        if (!(n instanceof Number number) || !(number.doubleValue() >= 0)) {
            return "must be a number, not negative";
        }
        return null;
    }

    static String checkMilestones(Object value, ConfigLookup config) {
        if (value instanceof List<?> list && list.stream().allMatch(m -> m instanceof Integer i && i >= 0)) {
            return null;
        }
        return "must be a list of epochs (integers from 0)";
    }

    /**
     * scheduler.params with numeric strings (YAML 1.1's 1e-3) turned into Double, integers into Double too, and
     * milestones written as a JSON string ('[10, 15, 20]') into a list, as schedulers.multi_step's json.loads does.
     */
    public static Map<String, Object> normalise(Map<?, ?> params) {
        Map<String, Object> out = new java.util.HashMap<>();
        params.forEach((k, v) -> out.put(String.valueOf(k), "milestones".equals(k) && v instanceof String text
                ? milestoneList(text)
                : v instanceof String s && tryNumber(s) != null ? tryNumber(s)
                : v instanceof Number n ? (Object) n.doubleValue() : v));
        return out;
    }

    /** '[10, 15, 20]' as a list of Integer; the text itself when it is no such JSON list (then refused). */
    static Object milestoneList(String text) {
        String t = text.trim();
        if (!t.matches("\\[\\s*(\\d{1,9}\\s*(,\\s*\\d{1,9}\\s*)*)?]")) {
            return text;
        }
        String inner = t.substring(1, t.length() - 1).trim();
        return inner.isEmpty() ? List.of()
                : java.util.Arrays.stream(inner.split(",")).map(x -> Integer.valueOf(x.trim())).toList();
    }

    private static Double tryNumber(String s) {
        try {
            return ConfigValues.coerce(ValueKind.NUMBER, s, "") instanceof Double d ? d : null;
        } catch (InvalidConfigException e) {
            return null;
        }
    }
}
