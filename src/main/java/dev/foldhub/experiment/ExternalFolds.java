package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.ResourceName;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds trained outside Foldhub and reported in (MLflow runs): which experiment a report names, its epochs
 * and its folds' states. Only experiments that do not train on the queue receive reports: external ones
 * (made here for a name nobody used yet) and imported ones; a queue-trained experiment's epochs are its jobs'.
 */
@Service
public class ExternalFolds {

    private final ExperimentRepository experiments;
    private final ExternalFoldRepository folds;
    private final FoldProgress progress;
    private final DatasetService datasets;
    private final TransactionTemplate newTransaction;
    private final Clock clock;
    private final Object creating = new Object();

    public ExternalFolds(ExperimentRepository experiments, ExternalFoldRepository folds, FoldProgress progress,
                         DatasetService datasets, PlatformTransactionManager transactions, Clock clock) {
        this.experiments = experiments;
        this.folds = folds;
        this.progress = progress;
        this.datasets = datasets;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * The experiment an explicit reference names (an id, or a name) for reports of fold {@code fold}: an existing
     * one that does not train on the queue, or a new external experiment of that name on the data set
     * {@code datasetRef} (or on the only registered one). A 400 naming {@code field}, {@code foldField} or
     * "foldhub.dataset" when that is not possible; then nothing is created.
     */
    public long receive(String field, String ref, String datasetRef, String foldField, int fold) {
        String value = ref == null ? "" : ref.strip();
        if (value.matches("\\d{1,18}")) {
            Experiment e = experiments.findById(Long.parseLong(value))
                    .orElseThrow(() -> new InvalidInputException(field, "no Foldhub experiment with id " + value));
            checkFold(foldField, e.getId(), datasets.folds(checkReceives(field, e).getFoldAssignmentId()), fold);
            return e.getId();
        }
        try {
            ResourceName.check(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "an experiment id, or a name of letters, digits, '.', '_' or '-'");
        }
        // why: two folds' runs often start together; one lock and a committed insert make them share one experiment
        synchronized (creating) {
            return newTransaction.execute(status -> {
                List<Experiment> named = experiments.findByNameOrderByIdDesc(value);
                if (!named.isEmpty()) {
                    Experiment e = checkReceives(field, named.get(0));
                    checkFold(foldField, e.getId(), datasets.folds(e.getFoldAssignmentId()), fold);
                    return e.getId();
                }
                DatasetInfo dataset = dataset(datasetRef);
                FoldAssignment assignment = datasets.defaultFolds(dataset.id());
                checkFold(foldField, null, assignment, fold);
                String config = "# folds trained elsewhere and reported from MLflow runs\n";
                return experiments.save(Experiment.external(value, dataset.id(), assignment.id(), config,
                        clock.instant())).getId();
            });
        }
    }

    /** The newest experiment of this name when it can receive reports (it does not train on the queue) of this fold. */
    @Transactional(readOnly = true)
    public Optional<Long> findReceiving(String name, int fold) {
        return experiments.findByNameOrderByIdDesc(name).stream().findFirst()
                .filter(e -> !e.trainsOnQueue())
                .filter(e -> fold >= 0 && fold < datasets.folds(e.getFoldAssignmentId()).numFolds())
                .map(Experiment::getId);
    }

    /** Merges a reported epoch into the fold's epochs (one row per epoch however many reports carry it). */
    @Transactional
    public void reportEpoch(long experimentId, int fold, int epoch, ReportedEpoch values) {
        if (!values.isEmpty()) {
            progress.mergeReportedEpoch(experimentId, fold, epoch, values);
        }
    }

    /** The fold's state as its reporter says (an imported fold's result still counts over it). */
    @Transactional
    public void reportStatus(long experimentId, int fold, RunStatus status) {
        ExternalFold f = folds.findByExperimentIdAndFold(experimentId, fold)
                .orElseGet(() -> new ExternalFold(experimentId, fold));
        f.report(status, clock.instant());
        folds.save(f);
    }

    private static Experiment checkReceives(String field, Experiment e) {
        if (e.trainsOnQueue()) {
            throw new InvalidInputException(field, "experiment " + e.getId() + " ('" + e.getName() + "') trains on"
                    + " Foldhub's queue; runs can report only into an imported experiment or a new name");
        }
        return e;
    }

    /** A 400 naming {@code field} unless the fold is one of the assignment's (0..k-1). */
    private static void checkFold(String field, Long experimentId, FoldAssignment assignment, int fold) {
        int k = assignment.numFolds();
        if (fold < 0 || fold >= k) {
            throw new InvalidInputException(field, "fold " + fold + " is not a fold of "
                    + (experimentId == null ? "the data set" : "experiment " + experimentId)
                    + " (its fold assignment has folds 0.." + (k - 1) + ")");
        }
    }

    private DatasetInfo dataset(String datasetRef) {
        if (datasetRef != null && !datasetRef.isBlank()) {
            return datasets.resolveRequested(datasetRef, "foldhub.dataset");
        }
        List<DatasetInfo> all = datasets.list();
        if (all.size() != 1) {
            throw new InvalidInputException("foldhub.dataset", all.isEmpty()
                    ? "no data set is registered; register one before reporting into a new experiment"
                    : "is required to create a new experiment when several data sets are registered");
        }
        return all.get(0);
    }
}
