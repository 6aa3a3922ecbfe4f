package dev.foldhub.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * A data set's parsed labels.csv and train.csv.
 *
 * @param attributeIds   labels.csv attribute_id in file order; a class index is a position here
 * @param attributeNames labels.csv attribute_name, same order
 * @param trainIds       train.csv ids in file order (image {@code trainDir/<id>.png})
 * @param trainLabels    trainLabels[r] = class indices of train row r, ascending
 */
public record DatasetTable(List<String> attributeIds, List<String> attributeNames, List<String> trainIds,
                           int[][] trainLabels, Path trainDir, Path testDir) {

    /** The label groups of labels.csv's attribute names ({@link LabelGroups}: culture, tag, ...). */
    public LabelGroups labelGroups() {
        return LabelGroups.of(attributeNames);
    }
}
