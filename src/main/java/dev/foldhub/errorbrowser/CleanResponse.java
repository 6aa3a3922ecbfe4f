package dev.foldhub.errorbrowser;

/** The data set version a clean registered, its parent, and how many changes of each kind it holds. */
record CleanResponse(long datasetId, String name, String path, long parentId, int numTrainImages, int dropped,
                     int added, int removed, String changesFile) {
}
