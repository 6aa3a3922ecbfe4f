package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Assembles the API views of experiments from their jobs, fold results and epochs (imported ones: fold results only). */
@Component
class ExperimentViews {

    private final FoldResultRepository foldResults;
    private final EpochMetricRepository epochs;
    private final JobQueue queue;
    private final DatasetService datasets;

    ExperimentViews(FoldResultRepository foldResults, EpochMetricRepository epochs, JobQueue queue,
                    DatasetService datasets) {
        this.foldResults = foldResults;
        this.epochs = epochs;
        this.queue = queue;
        this.datasets = datasets;
    }

    ExperimentView of(Experiment e) {
        long id = e.getId();
        List<FoldResult> results = foldResults.findByExperimentIdOrderByFold(id);
        List<FoldView> folds = e.isImported() ? importedFolds(results) : trainedFolds(id, results);
        List<Double> scores = folds.stream().map(FoldView::bestF2).filter(Objects::nonNull).toList();
        RunStatus status = e.isImported() ? RunStatus.IMPORTED
                : RunStatus.of(ExperimentStatus.of(folds.stream().map(f -> JobState.valueOf(f.status().name())).toList()));
        DatasetInfo dataset = datasets.get(e.getDatasetId());
        FoldAssignment assignment = datasets.folds(e.getFoldAssignmentId());
        return new ExperimentView(id, e.getName(), status, e.getConfig(), dataset.id(), dataset.name(), assignment.id(),
                assignment.contentHash(), e.getArch(), e.getInputSize(), e.getLoss(), mean(scores), std(scores),
                e.getOofF2(), scores.size(), folds.size(), e.getCreatedAt(), folds);
    }

    /** the latest job of each fold decides the fold's state; its result counts once that job succeeded */
    private List<FoldView> trainedFolds(long id, List<FoldResult> stored) {
        Map<Integer, Job> latestJobs = new TreeMap<>();
        for (Job job : queue.forSubject(JobKind.TRAIN_FOLD, id)) {
            latestJobs.merge(job.fold(), job, (a, b) -> a.id() > b.id() ? a : b);
        }
        Map<Integer, FoldResult> results = stored.stream()
                .collect(Collectors.toMap(FoldResult::getFold, Function.identity()));
        Map<Integer, Integer> lastEpochs = new TreeMap<>();
        for (EpochMetric m : epochs.findByExperimentId(id)) {
            lastEpochs.merge(m.getFold(), m.getEpoch(), Math::max);
        }
        List<FoldView> folds = new ArrayList<>();
        for (Job job : latestJobs.values()) {
            FoldResult r = job.state() == JobState.SUCCEEDED ? results.get(job.fold()) : null;
            folds.add(new FoldView(job.fold(), RunStatus.of(job.state()), job.id(), r == null ? null : r.getBestEpoch(),
                    r == null ? null : r.getBestF2(), r == null ? null : r.getThreshold(),
                    lastEpochs.get(job.fold()), job.attempts(), job.error()));
        }
        folds.sort(Comparator.comparingInt(FoldView::fold));
        return folds;
    }

    private static List<FoldView> importedFolds(List<FoldResult> results) {
        return results.stream().map(r -> new FoldView(r.getFold(), RunStatus.IMPORTED, null, r.getBestEpoch(),
                r.getBestF2(), r.getThreshold(), null, 0, null)).toList();
    }

    List<EpochView> epochs(long experimentId, int fold) {
        return epochs.findByExperimentIdAndFoldOrderByEpoch(experimentId, fold).stream().map(EpochMetric::toView).toList();
    }

    private static Double mean(List<Double> xs) {
        return xs.isEmpty() ? null : xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static Double std(List<Double> xs) {
        if (xs.isEmpty()) {
            return null;
        }
        double m = mean(xs);
        // population standard deviation, as numpy's default: sqrt(mean((x - m)^2))
        return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).average().orElseThrow());
    }
}
