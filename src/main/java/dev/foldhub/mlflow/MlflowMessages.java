package dev.foldhub.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON messages of MLflow's tracking REST API (its service.proto, field names in snake_case), as far as
 * Foldhub serves them. int64 fields arrive as numbers or, from protobuf-based clients, as strings; both parse.
 */
final class MlflowMessages {

    private MlflowMessages() {
    }

    // ---- shared shapes

    /** A tag of an experiment or run, or a param. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record KeyValue(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metric(String key, Double value, Long timestamp, Long step) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
                      Long lastUpdateTime, Long creationTime, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunInfo(String runId, String runUuid, String runName, String experimentId, String userId, String status,
                   Long startTime, Long endTime, String artifactUri, String lifecycleStage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunData(List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Run(RunInfo info, RunData data) {
    }

    // ---- requests

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CreateExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SearchExperiments(Long maxResults, String pageToken, String filter, List<String> orderBy, String viewType) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExperimentRef(String experimentId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record UpdateExperiment(String experimentId, String newName) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SetExperimentTag(String experimentId, String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CreateRun(String experimentId, String userId, String runName, Long startTime, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record UpdateRun(String runId, String runUuid, String status, Long endTime, String runName) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunRef(String runId, String runUuid) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LogMetric(String runId, String runUuid, String key, Double value, Long timestamp, Long step) {
    }

    /** log-parameter and set-tag. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunKeyValue(String runId, String runUuid, String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LogBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SearchRuns(List<String> experimentIds, String filter, String runViewType, Long maxResults,
                      List<String> orderBy, String pageToken) {
    }

    // ---- responses with a next page

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExperimentsPage(List<Experiment> experiments, String nextPageToken) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunsPage(List<Run> runs, String nextPageToken) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MetricsPage(List<Metric> metrics, String nextPageToken) {
    }

    /** An artifact file or directory; path relative to the listed directory (proxy) or the run's root (artifacts/list). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileInfo(String path, Boolean isDir, Long fileSize) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ArtifactsPage(String rootUri, List<FileInfo> files, String nextPageToken) {
    }
}
