package dev.foldhub.dataset;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A registered data set and its current default fold assignment.
 *
 * @param numFolds  k of the default fold assignment
 * @param foldsHash sha-256 (hex) of the default assignment's bytes
 */
public record DatasetInfo(long id, String name, Path path, int numLabels, int numTrainImages, int numTestImages,
                          int numFolds, String foldsHash, Instant createdAt) {

    /** The row of a data set and its default assignment (null while none is stored) as one record. */
    static DatasetInfo of(DatasetEntity d, FoldAssignmentEntity f) {
        return new DatasetInfo(d.id(), d.name(), Path.of(d.path()), d.numLabels(), d.numTrain(), d.numTest(),
                f == null ? 0 : f.numFolds(), f == null ? null : f.contentHash(), d.createdAt());
    }
}
