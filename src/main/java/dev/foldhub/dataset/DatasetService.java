package dev.foldhub.dataset;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.SafePaths;
import dev.foldhub.errors.NotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers data sets in the Kaggle iMet 2019 layout and keeps their fold assignments.
 * The default assignment is computed at registration by {@link StratifiedFoldAssigner}; to use the
 * reference solution's exact split, PUT its folds.npy ({@link #replaceDefaultFolds}).
 */
@Service
public class DatasetService {

    private final DatasetRepository datasets;
    private final FoldAssignmentRepository assignments;
    private final TransactionTemplate tx;
    private final DatasetProperties properties;
    private final Clock clock;
    private final Map<Long, DatasetTable> tables = new ConcurrentHashMap<>();

    DatasetService(DatasetRepository datasets, FoldAssignmentRepository assignments, TransactionTemplate tx,
                   DatasetProperties properties, ObjectProvider<Clock> clock) {
        this.datasets = datasets;
        this.assignments = assignments;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Checks the directory, computes the default folds and stores both; 400 on field name/path, 409 on a used name. */
    public DatasetInfo register(String name, String path) {
        String checkedName = checkName(name);
        Path dir = checkPath(path);
        if (datasets.existsByName(checkedName)) {
            throw nameTaken(checkedName);
        }
        ScannedDataset scanned = ImetLayout.scan(dir);
        DatasetTable table = scanned.table();
        ImageCheck.checkAll(table, scanned.testIds(), properties.imageCheck());
        int k = properties.defaultFolds();
        if (table.trainIds().size() < k) {
            throw new InvalidInputException("path", "train.csv has " + table.trainIds().size()
                    + " rows; " + k + " folds need at least " + k);
        }
        byte[] folds = StratifiedFoldAssigner.assign(scanned.rowLabels(), table.attributeIds().size(), k);
        Instant now = now();
        DatasetInfo info;
        try {
            info = tx.execute(status -> {
                DatasetEntity d = datasets.saveAndFlush(new DatasetEntity(checkedName, dir.toString(),
                        table.attributeIds().size(), table.trainIds().size(), scanned.numTestImages(), now));
                FoldAssignmentEntity f = assignments.save(new FoldAssignmentEntity(d.id(), k, folds,
                        FoldsFile.sha256(folds), FoldAssignmentEntity.GENERATED, now));
                return toInfo(d, f);
            });
        } catch (DataIntegrityViolationException e) {
            throw nameTaken(checkedName); // why: lost a race with a concurrent registration of the same name
        }
        tables.put(info.id(), table);
        return info;
    }

    public List<DatasetInfo> list() {
        Map<Long, FoldAssignmentEntity> defaults = assignments.findAllDefaults().stream()
                .collect(Collectors.toMap(FoldAssignmentEntity::datasetId, Function.identity(), (a, b) -> a));
        return datasets.findAllByOrderByIdAsc().stream()
                .map(d -> toInfo(d, defaults.get(d.id())))
                .toList();
    }

    public DatasetInfo get(long id) {
        return toInfo(entity(id), defaultEntity(id));
    }

    /** A numeric string is an id, anything else a name (a numeric name is found when no id matches). */
    /** The data set a request names in its "dataset" field: a 400 naming that field when missing or unknown. */
    public DatasetInfo resolveRequested(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new InvalidInputException("dataset", "is required (a data set id or name)");
        }
        try {
            return resolve(idOrName.trim());
        } catch (NotFoundException e) {
            throw new InvalidInputException("dataset", "no data set with id or name '" + idOrName.trim() + "'");
        }
    }

    public DatasetInfo resolve(String idOrName) {
        if (idOrName != null && idOrName.strip().matches("\\d{1,18}")) {
            long id = Long.parseLong(idOrName.strip());
            if (datasets.existsById(id)) {
                return get(id);
            }
        }
        DatasetEntity d = datasets.findByName(idOrName == null ? "" : idOrName.strip())
                .orElseThrow(() -> new NotFoundException("dataset", idOrName));
        return get(d.id());
    }

    public FoldAssignment defaultFolds(long datasetId) {
        entity(datasetId);
        return defaultEntity(datasetId).toRecord();
    }

    public FoldAssignment folds(long assignmentId) {
        return assignments.findById(assignmentId).map(FoldAssignmentEntity::toRecord)
                .orElseThrow(() -> new NotFoundException("fold assignment", assignmentId));
    }

    /**
     * The stored assignment of the data set (the default or an earlier one) whose content equals the
     * given folds.npy: 400 naming folds.npy when the file is not a valid assignment, 422 when none matches.
     */
    public FoldAssignment matchFolds(long datasetId, byte[] npyBytes) {
        DatasetEntity dataset = entity(datasetId);
        String hash = FoldsFile.sha256(FoldsFile.check(npyBytes, dataset.numTrain()).folds());
        return assignments.findByDatasetIdOrderByIdDesc(datasetId).stream()
                .filter(f -> f.contentHash().equals(hash))
                .findFirst().map(FoldAssignmentEntity::toRecord)
                .orElseThrow(() -> InvalidInputException.unprocessable(FoldsFile.FIELD,
                        "is a different fold assignment than data set '" + dataset.name()
                                + "' has (sha-256 " + hash + "); upload it first with PUT /api/datasets/"
                                + datasetId + "/folds.npy"));
    }

    /** Makes an uploaded folds.npy the default for new experiments; the previous assignment stays. */
    public DatasetInfo replaceDefaultFolds(long datasetId, byte[] npyBytes) {
        DatasetEntity dataset = entity(datasetId);
        FoldsFile.Checked checked = FoldsFile.check(npyBytes, dataset.numTrain());
        String hash = FoldsFile.sha256(checked.folds());
        return tx.execute(status -> {
            DatasetEntity locked = datasets.lockById(datasetId)
                    .orElseThrow(() -> new NotFoundException("dataset", datasetId));
            List<FoldAssignmentEntity> current = assignments.findDefaults(datasetId);
            if (current.size() == 1 && current.get(0).contentHash().equals(hash)) {
                return toInfo(locked, current.get(0)); // same bytes: nothing to replace
            }
            current.forEach(FoldAssignmentEntity::clearDefault);
            FoldAssignmentEntity f = assignments.save(new FoldAssignmentEntity(datasetId, checked.numFolds(),
                    checked.folds(), hash, FoldAssignmentEntity.UPLOADED, now()));
            return toInfo(locked, f);
        });
    }

    /** labels.csv and train.csv of a registered data set, read once and cached. */
    public DatasetTable table(long datasetId) {
        DatasetEntity d = entity(datasetId);
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

    /**
     * The test image ids in sample_submission.csv order, read afresh (not cached): a submission must follow the
     * file as it is now. 409 when the file is gone or malformed.
     */
    public List<String> testIds(long datasetId) {
        DatasetEntity d = entity(datasetId);
        List<String> ids = new java.util.ArrayList<>();
        try {
            CsvFile.forEachRow(Path.of(d.path()).resolve("sample_submission.csv"), List.of("id", "attribute_ids"),
                    (line, v) -> ids.add(v[0]));
        } catch (InvalidInputException e) {
            throw new ConflictException("dataset " + datasetId + ": " + e.detail());
        }
        return ids;
    }

    private DatasetEntity entity(long id) {
        return datasets.findById(id).orElseThrow(() -> new NotFoundException("dataset", id));
    }

    private FoldAssignmentEntity defaultEntity(long datasetId) {
        return assignments.findDefault(datasetId)
                .orElseThrow(() -> new IllegalStateException("dataset " + datasetId + " has no default folds"));
    }

    private static DatasetInfo toInfo(DatasetEntity d, FoldAssignmentEntity f) {
        return new DatasetInfo(d.id(), d.name(), Path.of(d.path()), d.numLabels(), d.numTrain(), d.numTest(),
                f == null ? 0 : f.numFolds(), f == null ? null : f.contentHash(), d.createdAt());
    }

    private static String checkName(String name) {
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

    private static InvalidInputException nameTaken(String name) {
        return InvalidInputException.duplicate("name", "a data set named '" + name + "' already exists");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // why: what PostgreSQL stores
    }
}
