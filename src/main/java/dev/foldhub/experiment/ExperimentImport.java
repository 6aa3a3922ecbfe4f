package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.SafePaths;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the reference's existing work: a model's level1_train (and optional level1_test) .npy files,
 * their threshold .yml files and folds.npy become an IMPORTED experiment with its OOF and test predictions.
 * Everything is checked first (names, .npy headers and sizes, thresholds); then the files are streamed into the
 * store in one transaction, so a bad upload, also one found bad midway, stores nothing.
 */
@Service
public class ExperimentImport {

    /** The first line of an imported experiment's config, then its model's name: a level-2 file list matches it. */
    static final String IMPORTED_FROM = "# imported from level1 files of model ";


    static final String FOLDS_FILE = "folds.npy";

    private final ExperimentService experimentService;
    private final ExperimentRepository experiments;
    private final FoldResultRepository foldResults;
    private final FoldProgress foldProgress;
    private final ExperimentViews views;
    private final DatasetService datasets;
    private final OofStore oofStore;
    private final TestPredictionStore testStore;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ExperimentImport(ExperimentService experimentService, ExperimentRepository experiments,
                            FoldResultRepository foldResults, FoldProgress foldProgress, ExperimentViews views,
                            DatasetService datasets, OofStore oofStore, TestPredictionStore testStore,
                            TransactionTemplate tx, Clock clock) {
        this.experimentService = experimentService;
        this.experiments = experiments;
        this.foldResults = foldResults;
        this.foldProgress = foldProgress;
        this.views = views;
        this.datasets = datasets;
        this.oofStore = oofStore;
        this.testStore = testStore;
        this.tx = tx;
        this.clock = clock;
    }

    ExperimentView importLevel1(String name, String datasetRef, List<UploadedFile> files) {
        String checkedName = ExperimentService.checkName(name);
        DatasetInfo dataset = experimentService.resolveDataset(datasetRef);
        if (files == null || files.isEmpty()) {
            throw new InvalidInputException(Level1Files.FIELD, "at least folds.npy and one level1_train file per fold"
                    + " are required");
        }
        UploadedFile foldsFile = null;
        List<UploadedFile> level1 = new ArrayList<>();
        for (UploadedFile file : files) {
            if (file.fileName() == null || file.fileName().isBlank()) {
                throw new InvalidInputException(Level1Files.FIELD, "every file needs a file name");
            }
            SafePaths.fileName(file.fileName(), Level1Files.FIELD);
            if (!FOLDS_FILE.equals(file.fileName())) {
                level1.add(file);
            } else if (foldsFile != null) {
                throw new InvalidInputException(FOLDS_FILE, "is given twice");
            } else {
                foldsFile = file;
            }
        }
        if (foldsFile == null) {
            throw new InvalidInputException(FOLDS_FILE, "is required: the fold assignment the level1 files were made with");
        }
        long maxFoldsBytes = dataset.numTrainImages() + (long) Npy.MAX_HEADER_BYTES; // uint8: one byte a row
        if (foldsFile.size() > maxFoldsBytes) {
            throw new InvalidInputException(FOLDS_FILE, "is " + foldsFile.size() + " bytes; a uint8 folds.npy of "
                    + dataset.numTrainImages() + " rows is at most " + maxFoldsBytes);
        }
        FoldAssignment assignment = datasets.matchFolds(dataset.id(), read(foldsFile));
        Level1Set set = Level1Files.check(level1, assignment, dataset.numLabels(), dataset.numTestImages());
        return tx.execute(status -> store(checkedName, dataset, assignment, set));
    }

    /**
     * Stores fold by fold, each file streamed into float16 (the next one encoded while this one is inserted), its
     * rows' F2 summed from what is stored, so the pooled F2 decodes nothing. A file found bad midway throws, and
     * the caller's transaction stores nothing.
     */
    private ExperimentView store(String name, DatasetInfo dataset, FoldAssignment assignment, Level1Set set) {
        Instant now = clock.instant();
        String config = IMPORTED_FROM + set.model() + "\n"
                + "# folds: " + set.folds().size() + ", test predictions of folds "
                + set.tests().stream().map(Level1Set.Test::fold).toList() + "\n";
        Experiment experiment = experiments.save(Experiment.imported(name, dataset.id(), assignment.id(), config, now));
        long id = experiment.getId();
        List<Level1Encoder.Item> items = new ArrayList<>();
        set.folds().forEach(f -> items.add(new Level1Encoder.Item(f.file(), f.header(), f.threshold())));
        set.tests().forEach(t -> items.add(new Level1Encoder.Item(t.file(), t.header(), t.threshold())));
        Level1Encoder.encodeAll(items, (i, predictions) -> {
            if (i >= set.folds().size()) {
                Level1Set.Test t = set.tests().get(i - set.folds().size());
                testStore.saveEncoded(id, t.fold(), null, t.threshold(), predictions);
                return;
            }
            Level1Set.Fold f = set.folds().get(i);
            FoldResult result = new FoldResult(id, f.fold());
            result.recordImported(f.epoch(), f.score(), f.threshold(), now);
            int[][] labels = foldProgress.labelsOf(dataset.id(), assignment.id(), f.fold());
            result.scoreRows(FoldProgress.rowF2Sum(predictions, f.threshold(), labels), labels.length);
            foldResults.save(result);
            oofStore.saveEncoded(id, f.fold(), f.epoch(), f.threshold(), f.score(), predictions);
        });
        experiment.setOofF2(foldProgress.pooledF2(experiment));
        return views.of(experiments.save(experiment));
    }

    private static byte[] read(UploadedFile file) {
        try {
            return file.readAll();
        } catch (IOException e) {
            throw Level1Files.unreadable(file, e);
        }
    }
}
