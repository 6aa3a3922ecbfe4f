package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.prediction.Npy;
import dev.foldhub.web.SafePaths;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers a directory in the Kaggle iMet 2019 layout: checks the name, the path (absolute, under the
 * configured roots), the CSVs and the images, computes the default folds with {@link StratifiedFoldAssigner}
 * and stores the data set with them.
 */
@Component
class DatasetRegistration {

    private final DatasetRepository datasets;
    private final FoldAssignmentRepository assignments;
    private final DatasetFiles files;
    private final TransactionTemplate tx;
    private final DatasetProperties properties;
    private final Clock clock;

    DatasetRegistration(DatasetRepository datasets, FoldAssignmentRepository assignments, DatasetFiles files,
                        TransactionTemplate tx, DatasetProperties properties, ObjectProvider<Clock> clock) {
        this.datasets = datasets;
        this.assignments = assignments;
        this.files = files;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** 400 naming the field for a bad name or path or data set, 409 for a name already used. */
    DatasetInfo register(String name, String path) {
        String checkedName = checkName(name);
        Path dir = checkPath(path);
        if (datasets.existsByName(checkedName)) {
            throw nameTaken(checkedName);
        }
        return registerDirectory(checkedName, dir);
    }

    /** Registers a directory the server wrote itself (no check against the roots); the name is checked already. */
    DatasetInfo registerDirectory(String checkedName, Path dir) {
        return registerDirectory(checkedName, dir, null);
    }

    /**
     * As {@link #registerDirectory(String, Path)}, with the default fold assignment given (one byte a train.csv
     * row, checked like an uploaded folds.npy) instead of computed; null computes it.
     */
    DatasetInfo registerDirectory(String checkedName, Path dir, byte[] givenFolds) {
        if (datasets.existsByName(checkedName)) {
            throw nameTaken(checkedName);
        }
        ScannedDataset scanned = ImetLayout.scan(dir);
        DatasetTable table = scanned.table();
        ImageCheck.checkAll(table, scanned.testIds(), properties.imageCheck());
        int k;
        byte[] folds;
        if (givenFolds != null) {
            FoldsFile.Checked checked = FoldsFile.check(Npy.writeUint8(givenFolds), table.trainIds().size());
            k = checked.numFolds();
            folds = checked.folds();
        } else {
            k = properties.defaultFolds();
            if (table.trainIds().size() < k) {
                throw new InvalidInputException("path", "train.csv has " + table.trainIds().size()
                        + " rows; " + k + " folds need at least " + k);
            }
            folds = StratifiedFoldAssigner.assign(scanned.rowLabels(), table.attributeIds().size(), k);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // why: what PostgreSQL stores
        DatasetInfo info;
        try {
            info = tx.execute(status -> {
                DatasetEntity d = datasets.saveAndFlush(new DatasetEntity(checkedName, dir.toString(),
                        table.attributeIds().size(), table.trainIds().size(), scanned.numTestImages(), now));
                FoldAssignmentEntity f = assignments.save(new FoldAssignmentEntity(d.id(), k, folds,
                        FoldsFile.sha256(folds), FoldAssignmentEntity.GENERATED, now));
                return DatasetInfo.of(d, f);
            });
        } catch (DataIntegrityViolationException e) {
            throw nameTaken(checkedName); // why: lost a race with a concurrent registration of the same name
        }
        files.remember(info.id(), table);
        return info;
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "must not be blank");
        }
        String stripped = name.strip();
        if (stripped.length() > 200) {
            throw new InvalidInputException("name", "must be at most 200 characters");
        }
        return stripped;
    }

    private Path checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidInputException("path", "must not be blank");
        }
        SafePaths.withoutParentSegments(path, "path");
        Path dir;
        try {
            dir = Path.of(path.strip());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("path", "is not a valid path: " + e.getMessage());
        }
        if (!dir.isAbsolute()) {
            throw new InvalidInputException("path", "must be an absolute path, got " + path);
        }
        // why: before any look at the disk, so a path outside the roots is refused alike whether it exists or not
        Path inside = SafePaths.underRoots(dir, properties.roots(), "path", "foldhub.datasets.roots");
        if (!Files.isDirectory(inside)) {
            throw new InvalidInputException("path", path + " is not a directory");
        }
        return dir.normalize();
    }

    static InvalidInputException nameTaken(String name) {
        return InvalidInputException.duplicate("name", "a data set named '" + name + "' already exists");
    }
}
