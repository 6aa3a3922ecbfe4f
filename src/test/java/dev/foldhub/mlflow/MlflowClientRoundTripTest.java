package dev.foldhub.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import dev.foldhub.testsupport.HttpTestClient;
import static dev.foldhub.testsupport.HttpTestClient.json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import tools.jackson.databind.JsonNode;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client) against Foldhub's /api/2.0/mlflow: experiments,
 * runs, params, tags, metrics, log-batch at MLflow's limits, search with filters, order and pages, history,
 * status and delete, and MLflow's error codes where the client reads them.
 */
class MlflowClientRoundTripTest extends MlflowServerTest {

    private MlflowClient client;

    @BeforeEach
    void connect() {
        client = mlflowClient();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void experimentsAreCreatedFoundByNameAndUniqueByName() {
        String id = client.createExperiment("exp-roundtrip");
        Optional<Experiment> byName = client.getExperimentByName("exp-roundtrip");
        assertThat(byName).isPresent();
        assertThat(byName.get().getExperimentId()).isEqualTo(id);
        assertThat(byName.get().getLifecycleStage()).isEqualTo("active");
        assertThat(client.getExperiment(id).getName()).isEqualTo("exp-roundtrip");
        assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();

        MlflowHttpException duplicate = catchThrowableOfType(MlflowHttpException.class,
                () -> client.createExperiment("exp-roundtrip"));
        assertThat(duplicate.getStatusCode()).isEqualTo(400);
        assertThat(duplicate.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
        MlflowHttpException missing = catchThrowableOfType(MlflowHttpException.class, () -> client.getExperiment("987654"));
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");

        List<String> found = client.searchExperiments("name LIKE 'exp-%'").getItems().stream()
                .map(Experiment::getName).toList();
        assertThat(found).containsExactly("exp-roundtrip");
    }

    @Test
    void runRoundTripLogsABatchOfAThousandMetricsRefusesOneMoreAndKeepsHistoryInStepOrder() {
        String experimentId = client.createExperiment("roundtrip-runs");
        RunInfo run = client.createRun(CreateRun.newBuilder().setExperimentId(experimentId).setRunName("r34-f0")
                .setStartTime(1_000L).build());
        String runId = run.getRunId();
        assertThat(run.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.getRunName()).isEqualTo("r34-f0");
        assertThat(run.getExperimentId()).isEqualTo(experimentId);

        client.logParam(runId, "arch", "resnet34");
        client.logParam(runId, "arch", "resnet34"); // the same value again is fine, as in MLflow
        client.setTag(runId, "team", "vision");
        client.logMetric(runId, "val_f2", 0.61, 2_000L, 1);
        MlflowHttpException changedParam = catchThrowableOfType(MlflowHttpException.class,
                () -> client.logParam(runId, "arch", "resnet50"));
        assertThat(changedParam.getStatusCode()).isEqualTo(400);
        assertThat(changedParam.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("Changing param values");

        // logged out of step order on purpose: the history comes back by step
        List<Metric> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int step = (i * 7) % 1000;
            thousand.add(Metric.newBuilder().setKey("batch_loss").setValue(step / 1000.0).setTimestamp(3_000L + i)
                    .setStep(step).build());
        }
        client.logBatch(runId, thousand, List.of(), List.of());
        client.logBatch(runId, List.of(), List.of(Param.newBuilder().setKey("lr").setValue("0.001").build()),
                List.of(RunTag.newBuilder().setKey("stage").setValue("search").build()));
        List<Metric> tooMany = new ArrayList<>(thousand);
        tooMany.add(Metric.newBuilder().setKey("batch_loss").setValue(9).setTimestamp(9_000L).setStep(5000).build());
        MlflowHttpException refused = catchThrowableOfType(MlflowHttpException.class,
                () -> client.logBatch(runId, tooMany, List.of(), List.of()));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("at most 1000 metrics");

        List<Metric> history = client.getMetricHistory(runId, "batch_loss");
        assertThat(history).hasSize(1000); // nothing of the refused batch was stored
        for (int step = 0; step < 1000; step++) {
            assertThat(history.get(step).getStep()).isEqualTo(step);
            assertThat(history.get(step).getValue()).isEqualTo(step / 1000.0);
        }

        Run stored = client.getRun(runId);
        assertThat(stored.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("arch", "resnet34"), org.assertj.core.groups.Tuple.tuple("lr", "0.001"));
        assertThat(stored.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue)))
                .containsEntry("team", "vision").containsEntry("stage", "search").containsEntry("mlflow.runName", "r34-f0");
        Metric latest = stored.getData().getMetricsList().stream().filter(m -> m.getKey().equals("batch_loss")).findFirst().orElseThrow();
        assertThat(latest.getStep()).isEqualTo(999); // the latest value is the one at the largest step
        assertThat(latest.getValue()).isEqualTo(0.999);

        client.setTerminated(runId, RunStatus.FINISHED, 10_000L);
        RunInfo finished = client.getRun(runId).getInfo();
        assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.getEndTime()).isEqualTo(10_000L);

        client.deleteRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY, 10).getItems()).isEmpty();
        assertThat(client.searchRuns(List.of(experimentId), null, ViewType.DELETED_ONLY, 10).getItems())
                .extracting(r -> r.getInfo().getRunId()).containsExactly(runId);
        MlflowHttpException toDeleted = catchThrowableOfType(MlflowHttpException.class,
                () -> client.logMetric(runId, "val_f2", 0.7, 11_000L, 2));
        assertThat(toDeleted.getStatusCode()).isEqualTo(400);
        MlflowHttpException unknownRun = catchThrowableOfType(MlflowHttpException.class, () -> client.getRun("0123456789abcdef"));
        assertThat(unknownRun.getStatusCode()).isEqualTo(404);
        assertThat(unknownRun.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void searchFiltersByParamsTagsMetricsAndStatusOrdersByAMetricAndPages() {
        String experimentId = client.createExperiment("roundtrip-search");
        String a = run(experimentId, "resnet34", "0", 0.62, 1_000L);
        String b = run(experimentId, "resnet34", "1", 0.58, 2_000L);
        String c = run(experimentId, "resnet18", "0", 0.55, 3_000L);
        client.setTerminated(a, RunStatus.FINISHED);
        client.setTerminated(c, RunStatus.FAILED);

        assertThat(ids(client.searchRuns(List.of(experimentId), "params.arch = 'resnet34' and metrics.val_f2 > 0.6")))
                .containsExactly(a);
        assertThat(ids(client.searchRuns(List.of(experimentId), "tags.`foldhub.fold` = '0'"))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(client.searchRuns(List.of(experimentId), "attributes.status = 'FINISHED'"))).containsExactly(a);
        assertThat(ids(client.searchRuns(List.of(experimentId), "metrics.val_f2 <= 0.58 AND params.arch LIKE 'resnet%'")))
                .containsExactlyInAnyOrder(b, c);
        // no order: newest start_time first
        assertThat(ids(client.searchRuns(List.of(experimentId), ""))).containsExactly(c, b, a);

        RunsPage first = client.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY, 2, List.of("metrics.val_f2 DESC"));
        assertThat(first.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(a, b);
        assertThat(first.hasNextPage()).isTrue();
        RunsPage second = client.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY, 2, List.of("metrics.val_f2 DESC"),
                first.getNextPageToken().orElseThrow());
        assertThat(second.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(c);
        assertThat(second.hasNextPage()).isFalse();

        MlflowHttpException bad = catchThrowableOfType(MlflowHttpException.class,
                () -> client.searchRuns(List.of(experimentId), "metrics.val_f2 > 0.5 or params.arch = 'x'"));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
    }

    /** What MLflow clients parse: snake_case fields and MLflow's error JSON (not ProblemDetail) with its statuses. */
    @Test
    void wireFormatIsMlflowsJsonIncludingErrors() throws Exception {
        HttpTestClient http = http();
        String experimentId = client.createExperiment("wire-format");
        JsonNode created = json(http.post("/api/2.0/mlflow/runs/create", "application/json",
                "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": \"1234\", \"run_name\": \"wire\"}"), 200);
        JsonNode info = created.get("run").get("info");
        assertThat(info.get("run_uuid").asString()).isEqualTo(info.get("run_id").asString()).hasSize(32);
        assertThat(info.get("experiment_id").asString()).isEqualTo(experimentId);
        assertThat(info.get("start_time").asLong()).isEqualTo(1234L); // int64 sent as a string, as protobuf clients do
        assertThat(info.get("lifecycle_stage").asString()).isEqualTo("active");
        assertThat(info.get("status").asString()).isEqualTo("RUNNING");

        JsonNode missing = json(http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=nope"), 404);
        assertThat(missing.get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(missing.get("message").asString()).contains("nope");
        JsonNode malformed = json(http.post("/api/2.0/mlflow/runs/log-batch", "application/json", "{\"run_id\": "), 400);
        assertThat(malformed.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
        JsonNode noTimestamp = json(http.post("/api/2.0/mlflow/runs/log-metric", "application/json",
                "{\"run_id\": \"" + info.get("run_id").asString() + "\", \"key\": \"loss\", \"value\": 1}"), 400);
        assertThat(noTimestamp.get("message").asString()).contains("timestamp");
        JsonNode badKey = json(http.post("/api/2.0/mlflow/runs/set-tag", "application/json",
                "{\"run_id\": \"" + info.get("run_id").asString() + "\", \"key\": \"a=b\", \"value\": \"x\"}"), 400);
        assertThat(badKey.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    private String run(String experimentId, String arch, String fold, double f2, long start) {
        String id = client.createRun(CreateRun.newBuilder().setExperimentId(experimentId).setStartTime(start).build()).getRunId();
        client.logParam(id, "arch", arch);
        client.setTag(id, "foldhub.fold", fold);
        client.logMetric(id, "val_f2", f2, start, 1);
        return id;
    }

    private static List<String> ids(List<RunInfo> runs) {
        return runs.stream().map(RunInfo::getRunId).toList();
    }
}
