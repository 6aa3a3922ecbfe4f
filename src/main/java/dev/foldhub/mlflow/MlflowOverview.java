package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything MLflow clients logged, for the dashboard's /mlflow page: the MLflow experiments with their run counts
 * and a page of runs (newest first) with their last metric values and params, tagged for Foldhub or not.
 */
@Service
public class MlflowOverview {

    /** An MLflow experiment and how many runs it has. */
    public record ExperimentSummary(long id, String name, String lifecycleStage, long runs) {
    }

    /**
     * One run; metrics are each key's latest value. foldhubExperimentId/foldhubFold: the fold it reports into, or null.
     */
    public record RunSummary(String runId, String runName, long experimentId, String experimentName, String status,
                             Instant startTime, String lifecycleStage, Long foldhubExperimentId, Integer foldhubFold,
                             Map<String, Double> metrics, Map<String, String> params) {
    }

    /** Page {@code page} (from 0) of {@code pages} of the runs, {@code total} in all. */
    public record Page(List<ExperimentSummary> experiments, List<RunSummary> runs, int page, int pages, long total) {
    }

    private final MlflowExperimentStore experiments;
    private final MlflowRunStore runs;
    private final MlflowMetricStore metrics;

    MlflowOverview(MlflowExperimentStore experiments, MlflowRunStore runs, MlflowMetricStore metrics) {
        this.experiments = experiments;
        this.runs = runs;
        this.metrics = metrics;
    }

    @Transactional(readOnly = true)
    public Page page(int page, int pageSize) {
        Map<Long, Long> counts = runs.countsByExperiment();
        Map<Long, MlflowExperimentStore.Row> byId = experiments.all().stream()
                .collect(Collectors.toMap(MlflowExperimentStore.Row::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<ExperimentSummary> summaries = byId.values().stream()
                .map(e -> new ExperimentSummary(e.id(), e.name(), e.lifecycleStage(), counts.getOrDefault(e.id(), 0L))).toList();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        int current = Math.min(Math.max(page, 0), pages - 1);
        List<MlflowRunStore.Row> rows = runs.newestFirst(current * pageSize, pageSize);
        Set<Long> ids = rows.stream().map(MlflowRunStore.Row::experimentId).collect(Collectors.toSet());
        Map<String, List<Metric>> latest = ids.isEmpty() ? Map.of() : metrics.latestInExperiments(ids);
        Map<String, List<KeyValue>> params = ids.isEmpty() ? Map.of() : runs.paramsInExperiments(ids);
        List<RunSummary> runSummaries = rows.stream().map(r -> new RunSummary(r.runId(), r.runName(), r.experimentId(),
                byId.containsKey(r.experimentId()) ? byId.get(r.experimentId()).name() : String.valueOf(r.experimentId()),
                r.status(), Instant.ofEpochMilli(r.startTime()), r.lifecycleStage(), r.foldhubExperimentId(), r.foldhubFold(),
                latest.getOrDefault(r.runId(), List.of()).stream().collect(Collectors.toMap(Metric::key, Metric::value,
                        (a, b) -> b, TreeMap::new)),
                params.getOrDefault(r.runId(), List.of()).stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value,
                        (a, b) -> b, TreeMap::new)))).toList();
        return new Page(summaries, runSummaries, current, pages, total);
    }
}
