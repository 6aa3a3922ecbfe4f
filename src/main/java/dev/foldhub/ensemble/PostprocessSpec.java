package dev.foldhub.ensemble;

import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.errors.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A post-processing rule by label-group name, as the API, postprocess.yml and the database read and write it:
 * {@code {threshold, groups: {<group>: {threshold, minLabels, maxLabels}}, relative: {factor, offset}}}, every part
 * optional. Thresholds are in the blend's units (s = sum_m w_m (p - fold threshold); 0 = the reference's rule); a
 * group not listed takes the global threshold (default 0) and no caps. See {@link PostprocessRule} for the rule.
 */
public record PostprocessSpec(Double threshold, Map<String, Group> groups, Relative relative) {

    /** One label group's threshold (null: the global one) and caps (null: none). */
    public record Group(Double threshold, Integer minLabels, Integer maxLabels) {
    }

    /** Keep a label only when s + offset > (row's max s + offset) / factor; offset null: the blend's mean fold threshold. */
    public record Relative(double factor, Double offset) {
    }

    static final int MAX_CAP = 1000;

    /** A rule from parsed JSON or YAML; a 400 naming the field (e.g. postprocess.groups.tag.maxLabels) when invalid. */
    public static PostprocessSpec parse(Object raw, String field) {
        Map<?, ?> map = mapping(raw, field, Set.of("threshold", "groups", "relative"));
        Double threshold = number(map.get("threshold"), field + ".threshold", -1, 1);
        Map<String, Group> groups = new LinkedHashMap<>();
        if (map.get("groups") != null) {
            Map<?, ?> raws = mapping(map.get("groups"), field + ".groups", null);
            for (Map.Entry<?, ?> e : raws.entrySet()) {
                String at = field + ".groups." + e.getKey();
                Map<?, ?> g = mapping(e.getValue(), at, Set.of("threshold", "minLabels", "maxLabels"));
                Integer min = count(g.get("minLabels"), at + ".minLabels", 0);
                Integer max = count(g.get("maxLabels"), at + ".maxLabels", 1);
                if (min != null && max != null && min > max) {
                    throw new InvalidInputException(at + ".minLabels", "must not exceed maxLabels (" + max + "), got " + min);
                }
                groups.put(String.valueOf(e.getKey()), new Group(number(g.get("threshold"), at + ".threshold", -1, 1), min, max));
            }
        }
        Relative relative = null;
        if (map.get("relative") != null) {
            Map<?, ?> r = mapping(map.get("relative"), field + ".relative", Set.of("factor", "offset"));
            Double factor = number(r.get("factor"), field + ".relative.factor", 1, 1e6);
            if (factor == null) {
                throw new InvalidInputException(field + ".relative.factor", "is required (>= 1)");
            }
            relative = new Relative(factor, number(r.get("offset"), field + ".relative.offset", -1, 1));
        }
        return new PostprocessSpec(threshold, groups, relative);
    }

    /** The rule by group number; offset used when relative.offset is null (null: then it is required). */
    public PostprocessRule toRule(LabelGroups labelGroups, Double defaultOffset, String field) {
        int n = labelGroups.size();
        double[] t = new double[n];
        int[] min = new int[n];
        int[] max = new int[n];
        java.util.Arrays.fill(t, threshold == null ? 0 : threshold);
        java.util.Arrays.fill(max, PostprocessRule.NO_MAX);
        if (groups != null) {
            for (Map.Entry<String, Group> e : groups.entrySet()) {
                int g = labelGroups.indexOf(e.getKey());
                if (g < 0) {
                    throw new InvalidInputException(field + ".groups." + e.getKey(), "no label of the data set is in this"
                            + " group; its groups are " + String.join(", ", labelGroups.names()));
                }
                Group group = e.getValue();
                if (group.threshold() != null) {
                    t[g] = group.threshold();
                }
                min[g] = group.minLabels() == null ? 0 : group.minLabels();
                max[g] = group.maxLabels() == null ? PostprocessRule.NO_MAX : group.maxLabels();
                if (min[g] > max[g]) {
                    throw new InvalidInputException(field + ".groups." + e.getKey() + ".minLabels", "must not exceed maxLabels");
                }
            }
        }
        if (relative == null) {
            return new PostprocessRule(t, min, max, 0, 0);
        }
        Double offset = relative.offset() != null ? relative.offset() : defaultOffset;
        if (offset == null) {
            throw new InvalidInputException(field + ".relative.offset", "is required here (the blend's mean fold threshold"
                    + " is only filled in for an ensemble's blend request)");
        }
        return new PostprocessRule(t, min, max, relative.factor(), offset);
    }

    /** The rule with every group listed by name. */
    public static PostprocessSpec of(PostprocessRule rule, LabelGroups labelGroups) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int g = 0; g < rule.groups(); g++) {
            int max = rule.maxLabels()[g];
            groups.put(labelGroups.name(g), new Group(rule.thresholds()[g], rule.minLabels()[g] == 0 ? null : rule.minLabels()[g],
                    max == PostprocessRule.NO_MAX ? null : max));
        }
        return new PostprocessSpec(null, groups, rule.factor() == 0 ? null : new Relative(rule.factor(), rule.offset()));
    }

    /** postprocess.yml: the same fields in YAML, numbers as their shortest round-trip text. */
    public String toYaml() {
        StringBuilder out = new StringBuilder();
        if (threshold != null) {
            out.append("threshold: ").append(threshold).append('\n');
        }
        if (groups != null && !groups.isEmpty()) {
            out.append("groups:\n");
            groups.forEach((name, g) -> {
                out.append("  '").append(name.replace("'", "''")).append("':");
                if (g.threshold() == null && g.minLabels() == null && g.maxLabels() == null) {
                    out.append(" {}");
                }
                out.append('\n');
                if (g.threshold() != null) {
                    out.append("    threshold: ").append(g.threshold()).append('\n');
                }
                if (g.minLabels() != null) {
                    out.append("    minLabels: ").append(g.minLabels()).append('\n');
                }
                if (g.maxLabels() != null) {
                    out.append("    maxLabels: ").append(g.maxLabels()).append('\n');
                }
            });
        }
        if (relative != null) {
            out.append("relative:\n  factor: ").append(relative.factor()).append('\n');
            if (relative.offset() != null) {
                out.append("  offset: ").append(relative.offset()).append('\n');
            }
        }
        return out.length() == 0 ? "{}\n" : out.toString();
    }

    private static Map<?, ?> mapping(Object raw, String field, Set<String> keys) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new InvalidInputException(field, "must be a mapping");
        }
        if (keys != null) {
            for (Object key : map.keySet()) {
                if (!keys.contains(String.valueOf(key))) {
                    throw new InvalidInputException(field + "." + key, "is not a field; expected " + String.join(", ",
                            keys.stream().sorted().toList()));
                }
            }
        }
        return map;
    }

    private static Double number(Object raw, String field, double min, double max) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw new InvalidInputException(field, "must be a number from " + min + " to " + max + ", got " + raw);
        }
        return n.doubleValue();
    }

    private static Integer count(Object raw, String field, int min) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > MAX_CAP) {
            throw new InvalidInputException(field, "must be a whole number from " + min + " to " + MAX_CAP + ", got " + raw);
        }
        return n.intValue();
    }
}
