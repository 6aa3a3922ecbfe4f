package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.training.EpochStats;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What workers report about a fold: validated epochs, and the finished fold's best epoch with its OOF predictions. */
@Service
public class FoldProgress {

    private final ExperimentService experiments;
    private final ExperimentRepository experimentRepository;
    private final EpochMetricRepository epochs;
    private final FoldResultRepository foldResults;
    private final OofStore oofStore;
    private final DatasetService datasets;
    private final Clock clock;

    public FoldProgress(ExperimentService experiments, ExperimentRepository experimentRepository,
                        EpochMetricRepository epochs, FoldResultRepository foldResults, OofStore oofStore,
                        DatasetService datasets, Clock clock) {
        this.experiments = experiments;
        this.experimentRepository = experimentRepository;
        this.epochs = epochs;
        this.foldResults = foldResults;
        this.oofStore = oofStore;
        this.datasets = datasets;
        this.clock = clock;
    }

    /** Stores an epoch; a retried attempt's epoch replaces the earlier attempt's (idempotent). */
    @Transactional
    public void recordEpoch(long experimentId, int fold, long jobId, EpochStats s) {
        experiments.find(experimentId);
        EpochMetric metric = epochs.findByExperimentIdAndFoldAndEpoch(experimentId, fold, s.epoch())
                .orElseGet(() -> new EpochMetric(experimentId, fold, s.epoch()));
        metric.record(jobId, s.trainLoss(), s.f2(), s.threshold(), s.lr(), s.seconds(), s.imagesPerSecond(), s.f2At05(),
                clock.instant());
        epochs.save(metric);
    }

    /**
     * Stores an epoch reported from outside (no job): merged into the fold's row for that epoch, so values of
     * the same epoch arriving in several reports make one epoch, never a duplicate.
     */
    @Transactional
    public void mergeReportedEpoch(long experimentId, int fold, int epoch, ReportedEpoch values) {
        EpochMetric metric = epochs.findByExperimentIdAndFoldAndEpoch(experimentId, fold, epoch)
                .orElseGet(() -> new EpochMetric(experimentId, fold, epoch));
        metric.merge(values, clock.instant());
        epochs.save(metric);
    }

    /**
     * Stores a finished fold: its best epoch, checkpoint and OOF predictions, then refreshes the
     * experiment's pooled OOF F2. One transaction, so a crash leaves all of it or none.
     */
    @Transactional
    public void recordFold(long jobId, OofPrediction oof, int bestEpoch, String checkpoint) {
        Experiment experiment = experiments.find(oof.experimentId());
        FoldResult result = foldResults.findByExperimentIdAndFold(oof.experimentId(), oof.fold())
                .orElseGet(() -> new FoldResult(oof.experimentId(), oof.fold()));
        result.record(jobId, bestEpoch, oof.f2(), oof.threshold(), checkpoint, clock.instant());
        foldResults.save(result);
        oofStore.save(oof);
        experiment.setOofF2(pooledF2(experiment));
        experimentRepository.save(experiment);
    }

    /**
     * Replaces a finished fold's OOF predictions (recomputed from its best checkpoint) and with them its F2 and
     * threshold; best epoch, checkpoint and training job stay. Then refreshes the experiment's pooled OOF F2.
     */
    @Transactional
    public void replaceOof(long experimentId, int fold, double threshold, double f2, int rows, int classes,
                           float[] probabilities) {
        Experiment experiment = experiments.find(experimentId);
        FoldResult result = foldResults.findByExperimentIdAndFold(experimentId, fold)
                .orElseThrow(() -> new IllegalStateException("fold " + fold + " of experiment " + experimentId
                        + " has no result to replace"));
        OofPrediction oof = new OofPrediction(experimentId, fold, result.getBestEpoch(), threshold, f2, rows, classes,
                probabilities);
        result.record(result.getJobId(), result.getBestEpoch(), oof.f2(), oof.threshold(), result.getCheckpoint(),
                clock.instant());
        foldResults.save(result);
        oofStore.save(oof);
        experiment.setOofF2(pooledF2(experiment));
        experimentRepository.save(experiment);
    }

    /** F2 of all stored folds' OOF together, each fold thresholded at its own threshold. */
    Double pooledF2(Experiment experiment) {
        List<OofPrediction> folds = oofStore.forExperiment(experiment.getId());
        if (folds.isEmpty()) {
            return null;
        }
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        int[][] trainLabels = datasets.table(experiment.getDatasetId()).trainLabels();
        int classes = folds.get(0).classes();
        int rows = folds.stream().mapToInt(OofPrediction::rows).sum();
        float[] pooled = new float[rows * classes];
        int[][] labels = new int[rows][];
        int at = 0;
        for (OofPrediction oof : folds) {
            System.arraycopy(oof.centered(), 0, pooled, at * classes, oof.rows() * classes);
            for (int row : assignment.rowsOf(oof.fold())) {
                labels[at++] = trainLabels[row];
            }
        }
        return F2Score.sampleAveraged(pooled, labels, classes, 0.0);
    }

    /** Has this job stored the fold's result (best epoch, checkpoint and OOF, written together by recordFold)? */
    @Transactional(readOnly = true)
    public boolean hasResultOf(long jobId, long experimentId, int fold) {
        return foldResults.findByExperimentIdAndFold(experimentId, fold)
                .map(result -> Long.valueOf(jobId).equals(result.getJobId())).orElse(false);
    }
}
