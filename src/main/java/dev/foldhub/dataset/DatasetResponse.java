package dev.foldhub.dataset;

import java.time.Instant;

/** The JSON of a data set; {@code path} as a plain string, not Jackson's file URI of a {@link java.nio.file.Path}. */
record DatasetResponse(long id, String name, String path, int numLabels, int numTrainImages, int numTestImages,
                       int numFolds, String foldsHash, Instant createdAt) {

    static DatasetResponse of(DatasetInfo info) {
        return new DatasetResponse(info.id(), info.name(), info.path().toString(), info.numLabels(),
                info.numTrainImages(), info.numTestImages(), info.numFolds(), info.foldsHash(), info.createdAt());
    }
}
