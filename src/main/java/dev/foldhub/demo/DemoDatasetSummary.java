package dev.foldhub.demo;

import java.nio.file.Path;

/**
 * What {@link DemoDatasetGenerator#generate} wrote.
 *
 * @param dir         the data set root (labels.csv, train.csv, train/, test/, ...)
 * @param trainImages rows of train.csv
 * @param testImages  rows of sample_submission.csv and test_labels.csv
 * @param labels      rows of labels.csv
 */
public record DemoDatasetSummary(Path dir, int trainImages, int testImages, int labels) {
}
