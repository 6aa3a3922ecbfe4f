package dev.foldhub.dataset;

import java.nio.file.Path;

/**
 * A data set registered as a changed copy of another (its parent): how many train rows were dropped and labels
 * added and removed, and the changes.csv (image_id, action, attribute_id) that records each.
 */
public record DatasetVersion(DatasetInfo dataset, long parentId, int dropped, int added, int removed,
                             Path changesFile) {
}
