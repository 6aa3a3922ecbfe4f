package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.prediction.EncodedPredictions;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.training.EpochStats;
import java.time.Clock;
import java.util.Optional;
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
                s.valLoss(), clock.instant());
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
        result.scoreRows(rowF2Sum(experiment, oof), oof.rows());
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
        result.scoreRows(rowF2Sum(experiment, oof), oof.rows());
        foldResults.save(result);
        oofStore.save(oof);
        experiment.setOofF2(pooledF2(experiment));
        experimentRepository.save(experiment);
    }

    /**
     * Stores a fold's OOF predictions made outside Foldhub (an external or imported experiment): its result (epoch,
     * threshold, F2 at that threshold) and its predictions, replacing what the fold had; then refreshes the
     * experiment's pooled OOF F2. One transaction. The stored F2 of the fold is returned.
     */
    @Transactional
    public double recordExternalOof(long experimentId, int fold, int epoch, double threshold, int rows, int classes,
                                    float[] probabilities) {
        Experiment experiment = experiments.find(experimentId);
        OofPrediction unscored = new OofPrediction(experimentId, fold, epoch, threshold, 0, rows, classes, probabilities);
        double rowSum = rowF2Sum(experiment, unscored);
        OofPrediction oof = new OofPrediction(experimentId, fold, epoch, threshold, rowSum / rows, rows, classes,
                probabilities);
        FoldResult result = foldResults.findByExperimentIdAndFold(experimentId, fold)
                .orElseGet(() -> new FoldResult(experimentId, fold));
        result.recordImported(epoch, oof.f2(), threshold, clock.instant());
        result.scoreRows(rowSum, rows);
        foldResults.save(result);
        oofStore.save(oof);
        experiment.setOofF2(pooledF2(experiment));
        experimentRepository.save(experiment);
        return oof.f2();
    }

    /**
     * F2 of all stored folds' OOF together, each fold thresholded at its own threshold: the mean of every row's F2,
     * from each fold's running sums (its rows' F2 summed when it was stored). A fold stored before those sums were
     * kept is scored once from its stored predictions, and its sums saved.
     */
    Double pooledF2(Experiment experiment) {
        double sum = 0;
        long rows = 0;
        for (FoldResult result : foldResults.findByExperimentIdOrderByFold(experiment.getId())) {
            if (result.getF2RowSum() == null) {
                Optional<OofPrediction> stored = oofStore.find(experiment.getId(), result.getFold());
                if (stored.isEmpty()) {
                    continue; // a fold without predictions (reported from outside) has no rows in the pool
                }
                result.scoreRows(rowF2Sum(experiment, stored.get()), stored.get().rows());
                foldResults.save(result);
            }
            sum += result.getF2RowSum();
            rows += result.getF2Rows();
        }
        return rows == 0 ? null : sum / rows;
    }

    /** Sum over the fold's rows of each row's F2, a label predicted where its probability is over the threshold. */
    private double rowF2Sum(Experiment experiment, OofPrediction oof) {
        int[][] labels = labelsOf(experiment.getDatasetId(), experiment.getFoldAssignmentId(), oof.fold());
        return F2Score.sampleAveraged(oof.centered(), labels, oof.classes(), 0.0) * labels.length;
    }

    /** The true labels of a fold's rows, in train.csv order within the fold. */
    int[][] labelsOf(long datasetId, long foldAssignmentId, int fold) {
        int[][] trainLabels = datasets.table(datasetId).trainLabels();
        int[] rows = datasets.folds(foldAssignmentId).rowsOf(fold);
        int[][] labels = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = trainLabels[rows[i]];
        }
        return labels;
    }

    /**
     * As the row F2 sum of a stored fold, from its float16 predictions as stored, decoded one row at a time (a fold
     * of iMet is 24 M values: its float[] would be 96 MB, and its centered copy as much again).
     */
    static double rowF2Sum(EncodedPredictions stored, double threshold, int[][] labels) {
        float[] row = new float[stored.classes()];
        float t = (float) threshold;
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            stored.decodeRow(r, t, row); // centered = probability - threshold, as OofPrediction.centered()
            sum += F2Score.sampleAveraged(row, new int[][] {labels[r]}, row.length, 0.0);
        }
        return sum;
    }

    /** Has this job stored the fold's result (best epoch, checkpoint and OOF, written together by recordFold)? */
    @Transactional(readOnly = true)
    public boolean hasResultOf(long jobId, long experimentId, int fold) {
        return foldResults.findByExperimentIdAndFold(experimentId, fold)
                .map(result -> Long.valueOf(jobId).equals(result.getJobId())).orElse(false);
    }
}
