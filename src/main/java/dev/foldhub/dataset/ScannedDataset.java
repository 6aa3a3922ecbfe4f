package dev.foldhub.dataset;

import java.util.List;

/**
 * A validated data set directory.
 *
 * @param table        labels and train rows, labels ascending per row
 * @param rowLabels    each train row's class indices in train.csv's own order (what fold assignment reads)
 * @param testIds      ids of sample_submission.csv's rows, each with an image {@code test/<id>.png}
 */
record ScannedDataset(DatasetTable table, int[][] rowLabels, List<String> testIds) {

    /** rows of sample_submission.csv */
    int numTestImages() {
        return testIds.size();
    }
}
