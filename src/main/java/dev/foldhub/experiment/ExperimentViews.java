package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobPages;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Assembles the API views of experiments from their jobs, fold results and epochs; imported and external
 * experiments (no jobs) from their fold results and the states of folds reported from outside.
 */
@Component
class ExperimentViews {

    private final FoldResultRepository foldResults;
    private final EpochMetricRepository epochs;
    private final ExternalFoldRepository externalFolds;
    private final JobQueue queue;
    private final JobPages jobPages;
    private final DatasetService datasets;
    private final ExperimentTags tags;

    ExperimentViews(FoldResultRepository foldResults, EpochMetricRepository epochs,
                    ExternalFoldRepository externalFolds, JobQueue queue, JobPages jobPages, DatasetService datasets,
                    ExperimentTags tags) {
        this.tags = tags;
        this.foldResults = foldResults;
        this.epochs = epochs;
        this.externalFolds = externalFolds;
        this.queue = queue;
        this.jobPages = jobPages;
        this.datasets = datasets;
    }

    ExperimentView of(Experiment e) {
        long id = e.getId();
        Map<Integer, Integer> lastEpochs = new TreeMap<>();
        for (EpochMetric m : epochs.findByExperimentId(id)) {
            lastEpochs.merge(m.getFold(), m.getEpoch(), Math::max);
        }
        return assemble(e, foldResults.findByExperimentIdOrderByFold(id), queue.forSubject(JobKind.TRAIN_FOLD, id),
                externalFolds.findByExperimentIdOrderByFold(id), lastEpochs, tags.of(id), new HashMap<>(), new HashMap<>());
    }

    /** Many experiments with a fixed number of queries (jobs, fold results, last epochs), not a few per experiment. */
    List<ExperimentView> ofAll(List<Experiment> experiments) {
        return assembleAll(experiments, foldResults.findAll(), epochs.lastEpochs(), externalFolds.findAll(), tags.all());
    }

    /**
     * A page of experiments: the same views as {@link #ofAll}, but the folds, results and epochs read are only those
     * of these experiments (a fixed number of queries, none reading the whole tables).
     */
    List<ExperimentView> ofPage(List<Experiment> experiments) {
        if (experiments.isEmpty()) {
            return List.of();
        }
        List<Long> ids = experiments.stream().map(Experiment::getId).toList();
        return assembleAll(experiments, foldResults.findByExperimentIdIn(ids), epochs.lastEpochsOf(ids),
                externalFolds.findByExperimentIdIn(ids), tags.of(ids));
    }

    private List<ExperimentView> assembleAll(List<Experiment> experiments, List<FoldResult> foldRows,
                                             List<Object[]> lastEpochRows, List<ExternalFold> reportedRows,
                                             Map<Long, List<String>> tagsById) {
        // why: the latest job of each fold of these experiments is all a view shows, not every TRAIN_FOLD job ever
        Map<Long, List<Job>> jobs = jobPages.latestPerFold(JobKind.TRAIN_FOLD, experiments.stream().map(Experiment::getId)
                .toList()).stream().collect(Collectors.groupingBy(Job::subjectId));
        Map<Long, List<FoldResult>> results = foldRows.stream()
                .sorted(Comparator.comparingInt(FoldResult::getFold))
                .collect(Collectors.groupingBy(FoldResult::getExperimentId));
        Map<Long, Map<Integer, Integer>> lastEpochs = new HashMap<>();
        for (Object[] row : lastEpochRows) {
            lastEpochs.computeIfAbsent((Long) row[0], k -> new TreeMap<>()).put((Integer) row[1], (Integer) row[2]);
        }
        Map<Long, List<ExternalFold>> reported = reportedRows.stream()
                .sorted(Comparator.comparingInt(ExternalFold::getFold))
                .collect(Collectors.groupingBy(ExternalFold::getExperimentId));
        Map<Long, DatasetInfo> datasetCache = new HashMap<>();
        Map<Long, FoldAssignment> assignmentCache = new HashMap<>();
        return experiments.stream().map(e -> assemble(e, results.getOrDefault(e.getId(), List.of()),
                jobs.getOrDefault(e.getId(), List.of()), reported.getOrDefault(e.getId(), List.of()),
                lastEpochs.getOrDefault(e.getId(), Map.of()), tagsById.getOrDefault(e.getId(), List.of()), datasetCache,
                assignmentCache)).toList();
    }

    private ExperimentView assemble(Experiment e, List<FoldResult> results, List<Job> jobs, List<ExternalFold> reported,
                                    Map<Integer, Integer> lastEpochs, List<String> tagList,
                                    Map<Long, DatasetInfo> datasetCache,
                                    Map<Long, FoldAssignment> assignmentCache) {
        List<FoldView> folds = e.trainsOnQueue() ? trainedFolds(jobs, results, lastEpochs)
                : reportedFolds(e.getId(), e.isImported() ? RunStatus.IMPORTED : RunStatus.SUCCEEDED, results, reported,
                lastEpochs);
        List<Double> scores = folds.stream().map(FoldView::bestF2).filter(Objects::nonNull).toList();
        RunStatus status = e.isImported() ? RunStatus.IMPORTED
                : RunStatus.of(ExperimentStatus.of(folds.stream().map(f -> JobState.valueOf(f.status().name())).toList()));
        DatasetInfo dataset = datasetCache.computeIfAbsent(e.getDatasetId(), datasets::get);
        FoldAssignment assignment = assignmentCache.computeIfAbsent(e.getFoldAssignmentId(), datasets::folds);
        return new ExperimentView(e.getId(), e.getName(), status, e.getConfig(), dataset.id(), dataset.name(),
                assignment.id(), assignment.contentHash(), e.getArch(), e.getInputSize(), e.getLoss(), mean(scores),
                std(scores), e.getOofF2(), scores.size(), folds.size(), e.getCreatedAt(), folds,
                scores.size() < assignment.numFolds(), missingFolds(folds, assignment.numFolds()), e.trainsOnQueue(),
                assignment.numFolds(), e.getParentExperimentId(), e.getArchivedAt() != null, e.getArchivedAt(),
                List.copyOf(tagList), e.getNote());
    }

    /** The folds of 0..k-1 that have no entry (neither a job nor a result), in order. */
    private static List<Integer> missingFolds(List<FoldView> folds, int k) {
        boolean[] present = new boolean[k];
        for (FoldView f : folds) {
            if (f.fold() >= 0 && f.fold() < k) {
                present[f.fold()] = true;
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            if (!present[fold]) {
                missing.add(fold);
            }
        }
        return missing;
    }

    /** the latest job of each fold decides the fold's state; its result counts once that job succeeded */
    private static List<FoldView> trainedFolds(List<Job> jobs, List<FoldResult> stored, Map<Integer, Integer> lastEpochs) {
        Map<Integer, Job> latestJobs = new TreeMap<>();
        for (Job job : jobs) {
            latestJobs.merge(job.fold(), job, (a, b) -> a.id() > b.id() ? a : b);
        }
        Map<Integer, FoldResult> results = stored.stream()
                .collect(Collectors.toMap(FoldResult::getFold, Function.identity()));
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

    /**
     * Folds of an imported or external experiment: a fold's stored result (status {@code stored}: IMPORTED for an
     * imported experiment, SUCCEEDED for an external one's logged OOF), else the state a reporter last gave; a
     * reported fold that SUCCEEDED has its epoch of best F2 as best epoch.
     */
    private List<FoldView> reportedFolds(long experimentId, RunStatus stored, List<FoldResult> results,
                                         List<ExternalFold> reported, Map<Integer, Integer> lastEpochs) {
        Map<Integer, FoldView> folds = new TreeMap<>();
        for (FoldResult r : results) {
            folds.put(r.getFold(), new FoldView(r.getFold(), stored, null, r.getBestEpoch(), r.getBestF2(),
                    r.getThreshold(), lastEpochs.get(r.getFold()), 0, null));
        }
        // why: only experiments with reported folds read their epochs here (the list stays a fixed number of queries otherwise)
        List<EpochMetric> epochRows = reported.isEmpty() ? List.of() : epochs.findByExperimentId(experimentId);
        for (ExternalFold x : reported) {
            if (folds.containsKey(x.getFold())) {
                continue;
            }
            EpochMetric best = x.getStatus() != RunStatus.SUCCEEDED ? null : epochRows.stream()
                    .filter(m -> m.getFold() == x.getFold() && m.getF2() != null)
                    .max(Comparator.comparingDouble(EpochMetric::getF2).thenComparing(m -> -m.getEpoch()))
                    .orElse(null);
            folds.put(x.getFold(), new FoldView(x.getFold(), x.getStatus(), null, best == null ? null : best.getEpoch(),
                    best == null ? null : best.getF2(), best == null ? null : best.getThreshold(),
                    lastEpochs.get(x.getFold()), 0, null));
        }
        return new ArrayList<>(folds.values());
    }

    /** Every epoch of the experiment by fold (one query), folds and epochs ascending. */
    Map<Integer, List<EpochView>> epochsByFold(long experimentId) {
        Map<Integer, List<EpochView>> byFold = new TreeMap<>();
        epochs.findByExperimentId(experimentId).stream()
                .sorted(Comparator.comparingInt(EpochMetric::getFold).thenComparingInt(EpochMetric::getEpoch))
                .forEach(m -> byFold.computeIfAbsent(m.getFold(), k -> new ArrayList<>()).add(m.toView()));
        return byFold;
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
