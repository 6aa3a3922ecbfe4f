package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.CreateRun;
import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.LogBatch;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.mlflow.MlflowMessages.MetricsPage;
import dev.foldhub.mlflow.MlflowMessages.Run;
import dev.foldhub.mlflow.MlflowMessages.RunData;
import dev.foldhub.mlflow.MlflowMessages.RunInfo;
import dev.foldhub.mlflow.MlflowMessages.UpdateRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** MLflow runs: create, get, update, delete and restore; logging metrics, params and tags, alone or in a batch. */
@Service
class MlflowRuns {

    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
    private static final int MAX_HISTORY_PAGE = 25_000;

    private final MlflowExperiments experiments;
    private final MlflowRunStore runs;
    private final MlflowMetricStore metrics;
    private final FoldhubBridge bridge;
    private final MetricGroupCommit groupCommit;
    private final TransactionTemplate tx;
    private final Clock clock;

    MlflowRuns(MlflowExperiments experiments, MlflowRunStore runs, MlflowMetricStore metrics, FoldhubBridge bridge,
               MetricGroupCommit groupCommit, PlatformTransactionManager transactions, Clock clock) {
        this.experiments = experiments;
        this.runs = runs;
        this.metrics = metrics;
        this.bridge = bridge;
        this.groupCommit = groupCommit;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Transactional
    Run create(CreateRun request) {
        String experimentId = request.experimentId() == null || request.experimentId().isEmpty() ? "0" : request.experimentId();
        MlflowExperimentStore.Row experiment = experiments.find(experimentId);
        if (!"active".equals(experiment.lifecycleStage())) {
            throw MlflowException.invalid("The experiment " + experimentId + " must be in the 'active' state."
                    + " Current state is " + experiment.lifecycleStage() + ".");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (KeyValue t : MlflowLimits.orEmpty(request.tags())) {
            tags.put(MlflowLimits.tagKey(t.key()), MlflowLimits.tagValue(t.value()));
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        String runName = request.runName() != null && !request.runName().isEmpty() ? request.runName()
                : tags.getOrDefault(RUN_NAME_TAG, "run-" + runId.substring(0, 8));
        tags.put(RUN_NAME_TAG, MlflowLimits.tagValue(runName));
        String userId = request.userId() != null ? request.userId() : tags.get("mlflow.user");
        long start = request.startTime() != null ? request.startTime() : clock.millis();
        runs.insert(new MlflowRunStore.Row(runId, experiment.id(), runName, userId, "RUNNING", start, null,
                experiment.artifactLocation() + "/" + runId + "/artifacts", "active", null, null));
        runs.setTags(runId, pairs(tags));
        bridge.rebind(runId);
        return get(runId);
    }

    @Transactional(readOnly = true)
    Run get(String runId) {
        MlflowRunStore.Row run = find(runId);
        return new Run(MlflowViews.info(run), new RunData(new ArrayList<>(metrics.latest(run.runId()).values()),
                pairs(runs.params(run.runId())), pairs(runs.tags(run.runId()))));
    }

    /** Status, end time and name; a new status moves the Foldhub fold the run reports into. */
    @Transactional
    RunInfo update(UpdateRun request) {
        MlflowRunStore.Row run = find(id(request.runId(), request.runUuid()));
        String status = request.status() == null || request.status().isEmpty() ? run.status() : request.status();
        if (!STATUSES.contains(status)) {
            throw MlflowException.invalid("Invalid value '" + status + "' for parameter 'status': expected one of " + STATUSES);
        }
        String runName = request.runName() != null && !request.runName().isEmpty() ? request.runName() : run.runName();
        runs.update(run.runId(), status, request.endTime() != null ? request.endTime() : run.endTime(), runName);
        if (!runName.equals(run.runName())) {
            runs.setTags(run.runId(), List.of(new KeyValue(RUN_NAME_TAG, MlflowLimits.tagValue(runName))));
        }
        bridge.statusChanged(run.runId());
        return MlflowViews.info(find(run.runId()));
    }

    /** delete / restore: MLflow's soft delete (lifecycle_stage "deleted"), the run and its data stay. */
    @Transactional
    void setStage(String runId, String stage) {
        runs.setStage(find(runId).runId(), stage);
    }

    void logMetric(String runId, Metric metric) {
        logBatch(new LogBatch(runId, List.of(metric), List.of(), List.of()));
    }

    void logParam(String runId, KeyValue param) {
        logBatch(new LogBatch(runId, List.of(), List.of(param), List.of()));
    }

    void setTag(String runId, KeyValue tag) {
        logBatch(new LogBatch(runId, List.of(), List.of(), List.of(tag)));
    }

    @Transactional
    void deleteTag(String runId, String key) {
        MlflowRunStore.Row run = active(runId);
        if (!runs.deleteTag(run.runId(), key)) {
            throw MlflowException.notFound("No tag with name: " + key + " in run with id " + run.runId());
        }
        if (FoldhubBridge.concerns(key)) {
            bridge.rebind(run.runId());
        }
    }

    /**
     * Everything checked first (MLflow's batch limits, keys, values, params that would change); then stored. Metrics
     * alone, of a run that reports into no Foldhub fold, go through the group commit (stored once this returns);
     * anything else is one transaction of its own.
     */
    void logBatch(LogBatch batch) {
        MlflowLimits.batch(batch);
        if (MlflowLimits.orEmpty(batch.params()).isEmpty() && MlflowLimits.orEmpty(batch.tags()).isEmpty()
                && batch.metrics() != null && !batch.metrics().isEmpty()) {
            MlflowRunStore.Row run = active(batch.runId());
            List<Metric> logged = checked(batch);
            if (run.foldhubExperimentId() == null) {
                groupCommit.write(run.runId(), logged);
                return;
            }
        }
        tx.executeWithoutResult(s -> logInTransaction(batch));
    }

    private static List<Metric> checked(LogBatch batch) {
        List<Metric> logged = new ArrayList<>();
        for (Metric m : batch.metrics() == null ? List.<Metric>of() : batch.metrics()) {
            logged.add(MlflowLimits.metric(m));
        }
        return logged;
    }

    private void logInTransaction(LogBatch batch) {
        MlflowRunStore.Row run = active(batch.runId());
        List<Metric> logged = checked(batch);
        // a batch of metrics only (log-metric, most log-batch calls) reads no params
        Map<String, String> stored = MlflowLimits.orEmpty(batch.params()).isEmpty() ? Map.of() : runs.params(run.runId());
        Map<String, String> newParams = new LinkedHashMap<>();
        for (KeyValue p : MlflowLimits.orEmpty(batch.params())) {
            String key = MlflowLimits.key("param", p.key());
            String value = MlflowLimits.paramValue(p.value());
            String before = stored.containsKey(key) ? stored.get(key) : newParams.get(key);
            if (before != null && !before.equals(value)) {
                throw MlflowException.invalid("Changing param values is not allowed. Param with key='" + key + "' was"
                        + " already logged with value='" + before + "' for run ID='" + run.runId() + "'."
                        + " Attempted logging new value '" + value + "'.");
            }
            if (before == null) {
                newParams.put(key, value);
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (KeyValue t : MlflowLimits.orEmpty(batch.tags())) {
            tags.put(MlflowLimits.tagKey(t.key()), MlflowLimits.tagValue(t.value()));
        }
        runs.insertParams(run.runId(), pairs(newParams));
        runs.setTags(run.runId(), pairs(tags));
        if (tags.containsKey(RUN_NAME_TAG)) {
            runs.update(run.runId(), run.status(), run.endTime(), tags.get(RUN_NAME_TAG));
        }
        if (!logged.isEmpty()) {
            metrics.log(run.runId(), logged);
        }
        boolean rebound = (newParams.keySet().stream().anyMatch(FoldhubBridge::concerns)
                || tags.keySet().stream().anyMatch(FoldhubBridge::concerns)) && bridge.rebind(run.runId());
        if (!rebound && !logged.isEmpty()) {
            // the row read above: only a rebind that changed something (then not here) moves the run's fold
            bridge.metricsLogged(run, logged);
        }
    }

    /** One metric's history in step order, paged (at most 25,000 values a page, MLflow's cap). */
    @Transactional(readOnly = true)
    MetricsPage history(String runId, String key, Integer maxResults, String pageToken) {
        MlflowRunStore.Row run = find(runId);
        if (key == null || key.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'metric_key'.");
        }
        int max = maxResults == null ? MAX_HISTORY_PAGE : maxResults;
        if (max < 1 || max > MAX_HISTORY_PAGE) {
            throw MlflowException.invalid("Invalid value " + maxResults + " for parameter 'max_results':"
                    + " it must be between 1 and " + MAX_HISTORY_PAGE);
        }
        int offset = PageToken.decode(pageToken);
        List<Metric> page = metrics.history(run.runId(), key, offset, max + 1);
        String next = page.size() > max ? PageToken.encode(offset + max) : null;
        return new MetricsPage(page.size() > max ? page.subList(0, max) : page, next);
    }

    /** run_id, or the older run_uuid; INVALID_PARAMETER_VALUE when neither is given. */
    static String id(String runId, String runUuid) {
        String id = runId != null && !runId.isEmpty() ? runId : runUuid;
        if (id == null || id.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'run_id'.");
        }
        return id;
    }

    private MlflowRunStore.Row find(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'run_id'.");
        }
        return runs.find(runId).orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
    }

    /** Logging needs an active (not deleted) run, as in MLflow. */
    private MlflowRunStore.Row active(String runId) {
        MlflowRunStore.Row run = find(runId);
        if (!run.isActive()) {
            throw MlflowException.invalid("The run " + run.runId() + " must be in the 'active' state."
                    + " Current state is " + run.lifecycleStage() + ".");
        }
        return run;
    }

    private static List<KeyValue> pairs(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }
}
