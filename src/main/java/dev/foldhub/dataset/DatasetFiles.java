package dev.foldhub.dataset;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The files of registered data sets as they are on disk: labels.csv and train.csv (read once and cached) and
 * sample_submission.csv (read afresh). A data set whose files have changed since registration is a 409.
 */
@Component
class DatasetFiles {

    private final DatasetRepository datasets;
    private final Map<Long, DatasetTable> tables = new ConcurrentHashMap<>();

    DatasetFiles(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    /** Keeps the table read at registration, so the first training job does not read the CSVs again. */
    void remember(long datasetId, DatasetTable table) {
        tables.put(datasetId, table);
    }

    DatasetTable table(long datasetId) {
        DatasetEntity d = datasets.findExisting(datasetId);
        return tables.computeIfAbsent(datasetId, id -> {
            DatasetTable table;
            try {
                table = ImetLayout.scan(Path.of(d.path())).table();
            } catch (InvalidInputException e) {
                throw new ConflictException("dataset " + id + " at " + d.path() + " is no longer valid: "
                        + e.detail());
            }
            if (table.trainIds().size() != d.numTrain()) {
                throw new ConflictException("dataset " + id + ": train.csv now has " + table.trainIds().size()
                        + " rows but was registered with " + d.numTrain());
            }
            return table;
        });
    }

    /** Not cached: a submission must follow the file as it is now. */
    List<String> testIds(long datasetId) {
        DatasetEntity d = datasets.findExisting(datasetId);
        try {
            return SampleSubmission.ids(Path.of(d.path()).resolve("sample_submission.csv"));
        } catch (InvalidInputException e) {
            throw new ConflictException("dataset " + datasetId + ": " + e.detail());
        }
    }
}
