package dev.foldhub.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one label-group rule: a label's group is the part of its labels.csv attribute_name before the first "::"
 * ({@code culture::edo} -> culture, {@code tag::boats} -> tag); a name without "::" (or with nothing before it) is in
 * the group {@value #UNGROUPED}. Groups are numbered in order of first appearance in labels.csv (iMet: culture = 0,
 * tag = 1). Immutable.
 */
public final class LabelGroups {

    /** The group of labels whose name has no {@code <group>::} prefix. */
    public static final String UNGROUPED = "other";

    /** iMet's group of culture labels ({@code culture::...}); a blend tunes and stores its threshold apart. */
    public static final String CULTURE = "culture";

    /** iMet's group of tag labels ({@code tag::...}); a blend tunes and stores its threshold apart. */
    public static final String TAG = "tag";

    private final List<String> names;
    private final int[] groupOf;

    private LabelGroups(List<String> names, int[] groupOf) {
        this.names = List.copyOf(names);
        this.groupOf = groupOf;
    }

    /** The groups of labels.csv's attribute names, in class order. */
    public static LabelGroups of(List<String> attributeNames) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] groupOf = new int[attributeNames.size()];
        for (int c = 0; c < groupOf.length; c++) {
            groupOf[c] = ids.computeIfAbsent(groupName(attributeNames.get(c)), g -> ids.size());
        }
        return new LabelGroups(new ArrayList<>(ids.keySet()), groupOf);
    }

    /** The group of one attribute name. */
    public static String groupName(String attributeName) {
        int sep = attributeName.indexOf("::");
        return sep <= 0 ? UNGROUPED : attributeName.substring(0, sep);
    }

    /** Whether the attribute name is a culture label; a submission by group thresholds gives every other the tag's. */
    public static boolean isCulture(String attributeName) {
        return CULTURE.equals(groupName(attributeName));
    }

    /** Per class its group number (a copy). */
    public int[] groupOf() {
        return groupOf.clone();
    }

    public int groupOf(int label) {
        return groupOf[label];
    }

    /** The group names, by group number. */
    public List<String> names() {
        return names;
    }

    public String name(int group) {
        return names.get(group);
    }

    /** The number of a group, -1 when no label is in it. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    public int size() {
        return names.size();
    }

    public int classes() {
        return groupOf.length;
    }
}
