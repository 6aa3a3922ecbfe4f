package dev.foldhub.dataset;

/**
 * A validated data set directory.
 *
 * @param table        labels and train rows, labels ascending per row
 * @param rowLabels    each train row's class indices in train.csv's own order (what fold assignment reads)
 * @param numTestImages rows of sample_submission.csv, each with an image under test/
 */
record ScannedDataset(DatasetTable table, int[][] rowLabels, int numTestImages) {
}
