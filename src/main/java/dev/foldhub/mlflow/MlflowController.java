package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.CreateExperiment;
import dev.foldhub.mlflow.MlflowMessages.CreateRun;
import dev.foldhub.mlflow.MlflowMessages.Experiment;
import dev.foldhub.mlflow.MlflowMessages.ExperimentRef;
import dev.foldhub.mlflow.MlflowMessages.ExperimentsPage;
import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.LogBatch;
import dev.foldhub.mlflow.MlflowMessages.LogMetric;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.mlflow.MlflowMessages.MetricsPage;
import dev.foldhub.mlflow.MlflowMessages.Run;
import dev.foldhub.mlflow.MlflowMessages.RunInfo;
import dev.foldhub.mlflow.MlflowMessages.RunKeyValue;
import dev.foldhub.mlflow.MlflowMessages.RunRef;
import dev.foldhub.mlflow.MlflowMessages.RunsPage;
import dev.foldhub.mlflow.MlflowMessages.SearchExperiments;
import dev.foldhub.mlflow.MlflowMessages.SearchRuns;
import dev.foldhub.mlflow.MlflowMessages.SetExperimentTag;
import dev.foldhub.mlflow.MlflowMessages.UpdateExperiment;
import dev.foldhub.mlflow.MlflowMessages.UpdateRun;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's tracking REST API (the subset MLflow clients use to track runs), so scripts that log with
 * {@code mlflow} can point their tracking URI at Foldhub. Errors are MLflow's JSON ({@link MlflowErrorHandler}).
 */
@RestController
@RequestMapping("/api/2.0/mlflow")
class MlflowController {

    private static final Map<String, Object> EMPTY = Map.of();

    private final MlflowExperiments experiments;
    private final MlflowRuns runs;
    private final RunSearch search;

    MlflowController(MlflowExperiments experiments, MlflowRuns runs, RunSearch search) {
        this.experiments = experiments;
        this.runs = runs;
        this.search = search;
    }

    @PostMapping("/experiments/create")
    Map<String, String> createExperiment(@RequestBody CreateExperiment request) {
        return Map.of("experiment_id", experiments.create(request.name(), request.artifactLocation(), request.tags()));
    }

    @GetMapping("/experiments/get")
    Map<String, Experiment> getExperiment(@RequestParam(name = "experiment_id", required = false) String experimentId) {
        return Map.of("experiment", experiments.get(experimentId));
    }

    @GetMapping("/experiments/get-by-name")
    Map<String, Experiment> getExperimentByName(@RequestParam(name = "experiment_name", required = false) String name) {
        return Map.of("experiment", experiments.getByName(name));
    }

    @PostMapping("/experiments/search")
    ExperimentsPage searchExperiments(@RequestBody SearchExperiments request) {
        return experiments.search(request);
    }

    @GetMapping("/experiments/search")
    ExperimentsPage searchExperiments(@RequestParam(name = "max_results", required = false) Long maxResults,
                                      @RequestParam(name = "page_token", required = false) String pageToken,
                                      @RequestParam(required = false) String filter,
                                      @RequestParam(name = "order_by", required = false) List<String> orderBy,
                                      @RequestParam(name = "view_type", required = false) String viewType) {
        return experiments.search(new SearchExperiments(maxResults, pageToken, filter, orderBy, viewType));
    }

    @PostMapping("/experiments/update")
    Map<String, Object> updateExperiment(@RequestBody UpdateExperiment request) {
        experiments.rename(request.experimentId(), request.newName());
        return EMPTY;
    }

    @PostMapping("/experiments/delete")
    Map<String, Object> deleteExperiment(@RequestBody ExperimentRef request) {
        experiments.setStage(request.experimentId(), "deleted");
        return EMPTY;
    }

    @PostMapping("/experiments/restore")
    Map<String, Object> restoreExperiment(@RequestBody ExperimentRef request) {
        experiments.setStage(request.experimentId(), "active");
        return EMPTY;
    }

    @PostMapping("/experiments/set-experiment-tag")
    Map<String, Object> setExperimentTag(@RequestBody SetExperimentTag request) {
        experiments.setTag(request.experimentId(), request.key(), request.value());
        return EMPTY;
    }

    @PostMapping("/runs/create")
    Map<String, Run> createRun(@RequestBody CreateRun request) {
        return Map.of("run", runs.create(request));
    }

    @GetMapping("/runs/get")
    Map<String, Run> getRun(@RequestParam(name = "run_id", required = false) String runId,
                            @RequestParam(name = "run_uuid", required = false) String runUuid) {
        return Map.of("run", runs.get(MlflowRuns.id(runId, runUuid)));
    }

    @PostMapping("/runs/update")
    Map<String, RunInfo> updateRun(@RequestBody UpdateRun request) {
        return Map.of("run_info", runs.update(request));
    }

    @PostMapping("/runs/delete")
    Map<String, Object> deleteRun(@RequestBody RunRef request) {
        runs.setStage(MlflowRuns.id(request.runId(), request.runUuid()), "deleted");
        return EMPTY;
    }

    @PostMapping("/runs/restore")
    Map<String, Object> restoreRun(@RequestBody RunRef request) {
        runs.setStage(MlflowRuns.id(request.runId(), request.runUuid()), "active");
        return EMPTY;
    }

    @PostMapping("/runs/search")
    RunsPage searchRuns(@RequestBody SearchRuns request) {
        return search.search(request);
    }

    @PostMapping("/runs/log-metric")
    Map<String, Object> logMetric(@RequestBody LogMetric request) {
        runs.logMetric(MlflowRuns.id(request.runId(), request.runUuid()),
                new Metric(request.key(), request.value(), request.timestamp(), request.step()));
        return EMPTY;
    }

    /** MLflow's path is log-parameter; log-param is accepted as well. */
    @PostMapping({"/runs/log-parameter", "/runs/log-param"})
    Map<String, Object> logParam(@RequestBody RunKeyValue request) {
        runs.logParam(MlflowRuns.id(request.runId(), request.runUuid()), new KeyValue(request.key(), request.value()));
        return EMPTY;
    }

    @PostMapping("/runs/set-tag")
    Map<String, Object> setTag(@RequestBody RunKeyValue request) {
        runs.setTag(MlflowRuns.id(request.runId(), request.runUuid()), new KeyValue(request.key(), request.value()));
        return EMPTY;
    }

    @PostMapping("/runs/delete-tag")
    Map<String, Object> deleteTag(@RequestBody RunKeyValue request) {
        runs.deleteTag(MlflowRuns.id(request.runId(), request.runUuid()), request.key());
        return EMPTY;
    }

    @PostMapping("/runs/log-batch")
    Map<String, Object> logBatch(@RequestBody LogBatch request) {
        runs.logBatch(request);
        return EMPTY;
    }

    @GetMapping("/metrics/get-history")
    MetricsPage metricHistory(@RequestParam(name = "run_id", required = false) String runId,
                              @RequestParam(name = "run_uuid", required = false) String runUuid,
                              @RequestParam(name = "metric_key", required = false) String key,
                              @RequestParam(name = "max_results", required = false) Integer maxResults,
                              @RequestParam(name = "page_token", required = false) String pageToken) {
        return runs.history(MlflowRuns.id(runId, runUuid), key, maxResults, pageToken);
    }
}
