package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The data set package's public API. Looking data sets up by id or name is done here; registering is
 * {@link DatasetRegistration}'s job, fold assignments {@link DatasetFolds}', the files on disk {@link DatasetFiles}'.
 * The default assignment is computed at registration; to use the reference solution's exact split, PUT its
 * folds.npy ({@link #replaceDefaultFolds}).
 */
@Service
public class DatasetService {

    private final DatasetRepository datasets;
    private final FoldAssignmentRepository assignments;
    private final DatasetRegistration registration;
    private final DatasetFolds folds;
    private final DatasetFiles files;
    private final DatasetVersions versions;
    private final DatasetImages images;
    private final PseudoLabelledVersions pseudoVersions;

    DatasetService(DatasetRepository datasets, FoldAssignmentRepository assignments, DatasetRegistration registration,
                   DatasetFolds folds, DatasetFiles files, DatasetVersions versions, DatasetImages images,
                   PseudoLabelledVersions pseudoVersions) {
        this.pseudoVersions = pseudoVersions;
        this.datasets = datasets;
        this.assignments = assignments;
        this.registration = registration;
        this.folds = folds;
        this.files = files;
        this.versions = versions;
        this.images = images;
    }

    /** Checks the directory, computes the default folds and stores both; 400 on field name/path, 409 on a used name. */
    public DatasetInfo register(String name, String path) {
        return registration.register(name, path);
    }

    /**
     * Registers a copy of data set {@code parentId} with the given train.csv changes as a new data set named
     * {@code name}; 422 naming drop/add/remove for an unknown id or impossible change, 409 for a used name.
     */
    public DatasetVersion registerCleanedVersion(long parentId, String name, LabelChanges changes) {
        return versions.register(parentId, name, changes);
    }

    /**
     * Registers data set {@code parentId}'s rows (same order, labels and folds of the given assignment) plus the
     * given test images as train-only rows ({@link FoldAssignment#TRAIN_ONLY}) as a new data set named {@code name};
     * 400 naming name, 409 for a used name, 422 naming submission for a test image the parent cannot take.
     */
    public PseudoLabelledVersion registerPseudoLabelledVersion(long parentId, String name, PseudoLabelRows rows) {
        return pseudoVersions.register(parentId, name, rows);
    }

    /** A PNG of the data set's image {@code imageId} (train or test) scaled to fit size x size; 404 if none. */
    public byte[] thumbnail(long datasetId, String imageId, int size) {
        return images.thumbnail(datasetId, imageId, size);
    }

    public List<DatasetInfo> list() {
        Map<Long, FoldAssignmentEntity> defaults = assignments.findAllDefaults().stream()
                .collect(Collectors.toMap(FoldAssignmentEntity::datasetId, Function.identity(), (a, b) -> a));
        return datasets.findAllByOrderByIdAsc().stream()
                .map(d -> DatasetInfo.of(d, defaults.get(d.id())))
                .toList();
    }

    public DatasetInfo get(long id) {
        return DatasetInfo.of(datasets.findExisting(id), assignments.requireDefault(id));
    }

    /** The data set a request names in its "dataset" field: a 400 naming that field when missing or unknown. */
    public DatasetInfo resolveRequested(String idOrName) {
        return resolveRequested(idOrName, "dataset");
    }

    /** The data set a request names in {@code field}: a 400 naming that field when missing or unknown. */
    public DatasetInfo resolveRequested(String idOrName, String field) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new InvalidInputException(field, "is required (a data set id or name)");
        }
        try {
            return resolve(idOrName.strip());
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, "no data set with id or name '" + idOrName.strip() + "'");
        }
    }

    /** A numeric string is an id, anything else a name (a numeric name is found when no id matches). */
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
        return folds.defaultFolds(datasetId);
    }

    public FoldAssignment folds(long assignmentId) {
        return folds.folds(assignmentId);
    }

    /** The stored assignment of the data set (the default or an earlier one) whose content equals the folds.npy. */
    public FoldAssignment matchFolds(long datasetId, byte[] npyBytes) {
        return folds.matchFolds(datasetId, npyBytes);
    }

    /** Makes an uploaded folds.npy the default for new experiments; the previous assignment stays. */
    public DatasetInfo replaceDefaultFolds(long datasetId, byte[] npyBytes) {
        return folds.replaceDefaultFolds(datasetId, npyBytes);
    }

    /** labels.csv and train.csv of a registered data set, read once and cached. */
    public DatasetTable table(long datasetId) {
        return files.table(datasetId);
    }

    /** The test image ids in sample_submission.csv order, read afresh; 409 when the file is gone or malformed. */
    public List<String> testIds(long datasetId) {
        return files.testIds(datasetId);
    }
}
