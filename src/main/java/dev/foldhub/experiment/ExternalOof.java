package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.prediction.Npy;
import dev.foldhub.web.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * Out-of-fold predictions of a model trained anywhere, logged fold by fold into an external (or imported)
 * experiment and stored as an import stores them, so the experiment blends with Foldhub's own. Also makes the
 * external experiment to log into.
 */
@Service
class ExternalOof {

    static final String FIELD = "oof";
    static final String THRESHOLD = "threshold";

    private final ExperimentService experiments;
    private final ExperimentRepository repository;
    private final DatasetService datasets;
    private final FoldProgress progress;
    private final Clock clock;

    ExternalOof(ExperimentService experiments, ExperimentRepository repository, DatasetService datasets,
                FoldProgress progress, Clock clock) {
        this.experiments = experiments;
        this.repository = repository;
        this.datasets = datasets;
        this.progress = progress;
        this.clock = clock;
    }

    /** A new external experiment (no config, no jobs) on the data set's default fold assignment. */
    ExperimentView create(String name, String datasetRef) {
        String checked = ExperimentService.checkName(name);
        DatasetInfo dataset = experiments.resolveDataset(datasetRef);
        FoldAssignment assignment = datasets.defaultFolds(dataset.id());
        String config = "# folds trained elsewhere; their OOF predictions logged through the API\n";
        long id = repository.save(Experiment.external(checked, dataset.id(), assignment.id(), config,
                clock.instant())).getId();
        return experiments.get(id);
    }

    /**
     * Stores the body (a 2-D float32 or float64 .npy: the fold's rows, in train.csv order, x the data set's classes)
     * as fold {@code fold}'s OOF at {@code threshold}. 404 for no such experiment, 409 for one that trains on the
     * queue, 400 naming threshold, fold or oof for a malformed value, 422 naming oof for a shape or values the fold
     * cannot take, 413 past rows x classes x 8 bytes and a header. Nothing is stored on a refusal.
     */
    ExperimentView log(long id, int fold, Double threshold, Integer epoch, InputStream body, long length)
            throws IOException {
        if (threshold == null || !(threshold > 0 && threshold < 1)) {
            throw new InvalidInputException(THRESHOLD, "is required, a number between 0 and 1 (exclusive), not "
                    + threshold);
        }
        if (epoch != null && epoch < 0) {
            throw new InvalidInputException("epoch", "must be 0 or more, not " + epoch);
        }
        Experiment experiment = experiments.find(id);
        if (experiment.trainsOnQueue()) {
            throw new ConflictException("experiment " + id + " ('" + experiment.getName() + "') trains on Foldhub's"
                    + " queue; OOF predictions can be logged only into an external or imported experiment");
        }
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        if (fold < 0 || fold >= assignment.numFolds()) {
            throw new InvalidInputException("fold", "fold " + fold + " is not a fold of experiment " + id
                    + " (its fold assignment has folds 0.." + (assignment.numFolds() - 1) + ")");
        }
        int rows = assignment.rowsOf(fold).length;
        int classes = datasets.get(experiment.getDatasetId()).numLabels();
        byte[] npy = BoundedBody.read(body, length, 8L * rows * classes + Npy.MAX_HEADER_BYTES, FIELD,
                "fold rows (" + rows + ") x classes (" + classes + ") x 8 bytes + npy header");
        Npy.FloatMatrix oof;
        try {
            oof = Npy.readFloat2d(npy);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, e.getMessage());
        }
        if (oof.rows() != rows || oof.cols() != classes) {
            throw InvalidInputException.unprocessable(FIELD, "has shape (" + oof.rows() + ", " + oof.cols()
                    + ") but fold " + fold + " has " + rows + " rows and the data set " + classes + " classes");
        }
        checkProbabilities(oof.data(), classes);
        progress.recordExternalOof(id, fold, epoch == null ? 0 : epoch, threshold, rows, classes, oof.data());
        return experiments.get(id);
    }

    private static void checkProbabilities(float[] values, int classes) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0 && v <= 1)) { // also NaN
                throw InvalidInputException.unprocessable(FIELD, "row " + i / classes + ", class " + i % classes
                        + " is " + v + "; probabilities lie in [0, 1]");
            }
        }
    }
}
