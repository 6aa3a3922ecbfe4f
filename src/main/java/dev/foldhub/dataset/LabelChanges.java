package dev.foldhub.dataset;

import java.util.List;
import java.util.Map;

/**
 * Changes to a data set's train.csv: train image ids to drop, and per image the attribute ids to add or remove.
 * Null means none.
 */
public record LabelChanges(List<String> drop, Map<String, List<String>> add, Map<String, List<String>> remove) {

    public LabelChanges {
        drop = drop == null ? List.of() : drop;
        add = add == null ? Map.of() : add;
        remove = remove == null ? Map.of() : remove;
    }
}
