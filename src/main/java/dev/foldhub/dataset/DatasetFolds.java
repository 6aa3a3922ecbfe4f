package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fold assignments of registered data sets: the default one, any earlier one by id, the one an uploaded
 * folds.npy equals, and replacing the default with an upload (the previous assignment stays).
 */
@Component
class DatasetFolds {

    private final DatasetRepository datasets;
    private final FoldAssignmentRepository assignments;
    private final TransactionTemplate tx;
    private final Clock clock;

    DatasetFolds(DatasetRepository datasets, FoldAssignmentRepository assignments, TransactionTemplate tx,
                 ObjectProvider<Clock> clock) {
        this.datasets = datasets;
        this.assignments = assignments;
        this.tx = tx;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    FoldAssignment defaultFolds(long datasetId) {
        datasets.findExisting(datasetId);
        return assignments.requireDefault(datasetId).toRecord();
    }

    FoldAssignment folds(long assignmentId) {
        return assignments.findById(assignmentId).map(FoldAssignmentEntity::toRecord)
                .orElseThrow(() -> new NotFoundException("fold assignment", assignmentId));
    }

    /** 400 naming folds.npy when the file is not a valid assignment, 422 when no stored one matches. */
    FoldAssignment matchFolds(long datasetId, byte[] npyBytes) {
        DatasetEntity dataset = datasets.findExisting(datasetId);
        String hash = FoldsFile.sha256(FoldsFile.check(npyBytes, dataset.numTrain()).folds());
        return assignments.findByDatasetIdOrderByIdDesc(datasetId).stream()
                .filter(f -> f.contentHash().equals(hash))
                .findFirst().map(FoldAssignmentEntity::toRecord)
                .orElseThrow(() -> InvalidInputException.unprocessable(FoldsFile.FIELD,
                        "is a different fold assignment than data set '" + dataset.name()
                                + "' has (sha-256 " + hash + "); upload it first with PUT /api/datasets/"
                                + datasetId + "/folds.npy"));
    }

    DatasetInfo replaceDefaultFolds(long datasetId, byte[] npyBytes) {
        DatasetEntity dataset = datasets.findExisting(datasetId);
        FoldsFile.Checked checked = FoldsFile.check(npyBytes, dataset.numTrain());
        String hash = FoldsFile.sha256(checked.folds());
        return tx.execute(status -> {
            DatasetEntity locked = datasets.lockById(datasetId)
                    .orElseThrow(() -> new NotFoundException("dataset", datasetId));
            List<FoldAssignmentEntity> current = assignments.findDefaults(datasetId);
            if (current.size() == 1 && current.get(0).contentHash().equals(hash)) {
                return DatasetInfo.of(locked, current.get(0)); // same bytes: nothing to replace
            }
            current.forEach(FoldAssignmentEntity::clearDefault);
            FoldAssignmentEntity f = assignments.save(new FoldAssignmentEntity(datasetId, checked.numFolds(),
                    checked.folds(), hash, FoldAssignmentEntity.UPLOADED,
                    clock.instant().truncatedTo(ChronoUnit.MICROS))); // why: what PostgreSQL stores
            return DatasetInfo.of(locked, f);
        });
    }
}
