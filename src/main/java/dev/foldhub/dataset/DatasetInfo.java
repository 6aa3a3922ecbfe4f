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
}
