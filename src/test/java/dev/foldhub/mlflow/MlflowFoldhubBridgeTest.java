package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import tools.jackson.databind.JsonNode;

/**
 * MLflow runs that name a Foldhub experiment and fold (tags foldhub.experiment / foldhub.fold, or an MLflow
 * experiment named like a Foldhub experiment and the param "fold") show up in Foldhub's own API as that fold's
 * epochs and state, logged through the official MLflow Java client.
 */
class MlflowFoldhubBridgeTest extends MlflowServerTest {

    @TempDir
    static Path datasetDir;

    private static String dataset;

    private MlflowClient client;
    private HttpTestClient http;

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(datasetDir.resolve("tiny-imet"), new DemoSpec(100, 20, 16, 3L));
    }

    @BeforeEach
    void connect() throws Exception {
        client = mlflowClient();
        http = http();
        if (dataset == null) {
            json(http.post("/api/datasets", "application/json", "{\"name\": \"mlflow-imet\", \"path\": \""
                    + datasetDir.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            dataset = "mlflow-imet";
        }
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void taggedRunReportsEachStepOnceAsAnEpochOfThatFoldAndFinishedMakesTheFoldSucceeded() throws Exception {
        String mlflowExperiment = client.createExperiment("bridge-tagged");
        String run = client.createRun(CreateRun.newBuilder().setExperimentId(mlflowExperiment).setStartTime(1_000L)
                .addTags(tag("foldhub.experiment", "r34-mlflow")).addTags(tag("foldhub.fold", "1"))
                .addTags(tag("foldhub.dataset", dataset)).build()).getRunId();
        client.logMetric(run, "loss", 0.9, 2_000L, 1);
        client.logMetric(run, "val_f2", 0.41, 2_001L, 1);
        client.logBatch(run, List.of(metric("train_loss", 0.7, 2), metric("val_f2", 0.52, 2), metric("lr", 0.001, 2),
                metric("threshold", 0.15, 2), metric("val_loss", 0.3, 2), metric("not_an_epoch_value", 5, 2)), List.of(), List.of());
        client.logMetric(run, "val_f2", 0.45, 3_000L, 1); // step 1 again: the same epoch, its F2 corrected

        long id = foldhubExperimentId("r34-mlflow");
        JsonNode experiment = json(http.get("/api/experiments/" + id), 200);
        assertThat(experiment.get("status").asString()).isEqualTo("RUNNING");
        assertThat(experiment.get("dataset").asString()).isEqualTo(dataset);
        assertThat(experiment.get("folds")).hasSize(1);
        JsonNode fold = experiment.get("folds").get(0);
        assertThat(fold.get("fold").asInt()).isEqualTo(1);
        assertThat(fold.get("status").asString()).isEqualTo("RUNNING");
        assertThat(fold.get("currentEpoch").asInt()).isEqualTo(2);
        assertThat(fold.get("bestF2").isNull()).isTrue();

        JsonNode epochs = json(http.get("/api/experiments/" + id + "/folds/1/epochs"), 200);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(epochs.get(0).get("trainLoss").asDouble()).isEqualTo(0.9);
        assertThat(epochs.get(0).get("f2").asDouble()).isEqualTo(0.45);
        assertThat(epochs.get(0).get("lr").isNull()).isTrue();
        assertThat(epochs.get(1).get("trainLoss").asDouble()).isEqualTo(0.7);
        assertThat(epochs.get(1).get("f2").asDouble()).isEqualTo(0.52);
        assertThat(epochs.get(1).get("lr").asDouble()).isEqualTo(0.001);
        assertThat(epochs.get(1).get("threshold").asDouble()).isEqualTo(0.15);
        assertThat(epochs.get(1).get("valLoss").asDouble()).isEqualTo(0.3);

        client.setTerminated(run, RunStatus.FINISHED);
        experiment = json(http.get("/api/experiments/" + id), 200);
        fold = experiment.get("folds").get(0);
        assertThat(fold.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(fold.get("bestEpoch").asInt()).isEqualTo(2);
        assertThat(fold.get("bestF2").asDouble()).isEqualTo(0.52);
        assertThat(fold.get("threshold").asDouble()).isEqualTo(0.15);
        assertThat(experiment.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(experiment.get("cvMean").asDouble()).isCloseTo(0.52, within(1e-12));
        assertThat(http.get("/experiments/" + id).statusCode()).isEqualTo(200); // the dashboard page shows it
    }

    @Test
    void tagsSetAfterTheMetricsBringTheWholeHistoryAndAKilledRunCancelsTheFold() throws Exception {
        String mlflowExperiment = client.createExperiment("bridge-late-tags");
        String run = client.createRun(mlflowExperiment).getRunId();
        for (int epoch = 1; epoch <= 3; epoch++) {
            client.logMetric(run, "loss", 1.0 / epoch, 1_000L + epoch, epoch);
        }
        client.setTag(run, "foldhub.experiment", "late-tags");
        client.setTag(run, "foldhub.fold", "0"); // the only data set is the new experiment's: no foldhub.dataset needed

        long id = foldhubExperimentId("late-tags");
        JsonNode epochs = json(http.get("/api/experiments/" + id + "/folds/0/epochs"), 200);
        assertThat(epochs).extracting(e -> e.get("epoch").asInt()).containsExactly(1, 2, 3);
        assertThat(epochs.get(2).get("trainLoss").asDouble()).isCloseTo(1.0 / 3, within(1e-12));

        client.setTerminated(run, RunStatus.KILLED);
        JsonNode experiment = json(http.get("/api/experiments/" + id), 200);
        assertThat(experiment.get("folds").get(0).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(experiment.get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void mlflowExperimentNamedLikeAFoldhubExperimentReportsTheFoldOfItsFoldParam() throws Exception {
        String first = client.createRun(CreateRun.newBuilder().setExperimentId(client.createExperiment("bridge-named-first"))
                .addTags(tag("foldhub.experiment", "named-like")).addTags(tag("foldhub.fold", "0")).build()).getRunId();
        client.logMetric(first, "f2", 0.3, 1_000L, 1);
        long id = foldhubExperimentId("named-like");

        String run = client.createRun(client.createExperiment("named-like")).getRunId();
        client.logParam(run, "fold", "3");
        client.logMetric(run, "score", 0.6, 2_000L, 4);

        JsonNode experiment = json(http.get("/api/experiments/" + id), 200);
        assertThat(experiment.get("folds")).extracting(f -> f.get("fold").asInt()).containsExactly(0, 3);
        JsonNode epochs = json(http.get("/api/experiments/" + id + "/folds/3/epochs"), 200);
        assertThat(epochs).hasSize(1);
        assertThat(epochs.get(0).get("epoch").asInt()).isEqualTo(4);
        assertThat(epochs.get(0).get("f2").asDouble()).isEqualTo(0.6);
    }

    @Test
    void impossibleFoldhubTagsAreRefusedWithMlflowErrorsAndNothingIsStored() throws Exception {
        String run = client.createRun(client.createExperiment("bridge-refused")).getRunId();
        assertRefused(() -> client.setTag(run, "foldhub.fold", "first"), "foldhub.fold");
        client.setTag(run, "foldhub.experiment", "refused-target");
        assertRefused(() -> client.setTag(run, "foldhub.fold", "9"), "foldhub.fold"); // the data set has 5 folds
        assertThat(client.getRun(run).getData().getTagsList()).extracting(RunTag::getKey)
                .contains("foldhub.experiment").doesNotContain("foldhub.fold");

        JsonNode trained = json(http.post("/api/experiments?name=queued-r18&dataset=" + dataset + "&folds=0",
                "application/yaml", "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 8\n  num_epochs: 1\n"), 201);
        String other = client.createRun(client.createExperiment("bridge-refused-trained")).getRunId();
        client.setTag(other, "foldhub.fold", "0");
        assertRefused(() -> client.setTag(other, "foldhub.experiment", trained.get("id").asString()), "trains on Foldhub's queue");
        assertRefused(() -> client.setTag(other, "foldhub.experiment", "999999"), "no Foldhub experiment with id 999999");
        assertThat(client.getRun(other).getData().getTagsList()).extracting(RunTag::getKey).doesNotContain("foldhub.experiment");
        assertThat(json(http.get("/api/experiments/" + trained.get("id").asLong() + "/folds/0/epochs"), 200)).isEmpty();
    }

    private static void assertRefused(Runnable call, String messagePart) {
        MlflowHttpException refused = catchThrowableOfType(MlflowHttpException.class, call::run);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains(messagePart);
    }

    @Test // guards: deleting the Foldhub experiment a run reports into unbinds the run, which goes on logging to MLflow
    void aDeletedExperimentLetsGoOfItsRunsWhichKeepLogging() throws Exception {
        String mlflowExperiment = client.createExperiment("bridge-deleted");
        String run = client.createRun(CreateRun.newBuilder().setExperimentId(mlflowExperiment).setStartTime(1_000L)
                .addTags(tag("foldhub.experiment", "to-delete")).addTags(tag("foldhub.fold", "0"))
                .addTags(tag("foldhub.dataset", dataset)).build()).getRunId();
        client.logMetric(run, "val_f2", 0.41, 2_000L, 1);
        long id = foldhubExperimentId("to-delete");
        json(http.post("/api/experiments/" + id + "/archive", "application/json", ""), 409); // its fold is RUNNING
        client.setTerminated(run, RunStatus.FINISHED);
        assertThat(http.delete("/api/experiments/" + id).statusCode()).isEqualTo(204);

        client.logMetric(run, "val_f2", 0.47, 3_000L, 2);
        assertThat(client.getMetricHistory(run, "val_f2")).hasSize(2);
        assertThat(http.get("/api/experiments/" + id).statusCode()).isEqualTo(404);
        assertThat(json(http.get("/api/experiments?archived=all"), 200).findValuesAsString("name"))
                .doesNotContain("to-delete");
    }

    private long foldhubExperimentId(String name) throws Exception {
        JsonNode all = json(http.get("/api/experiments"), 200);
        List<JsonNode> named = StreamSupport.stream(all.spliterator(), false)
                .filter(e -> e.get("name").asString().equals(name)).toList();
        assertThat(named).as("Foldhub experiments named " + name).hasSize(1);
        return named.get(0).get("id").asLong();
    }

    private static RunTag tag(String key, String value) {
        return RunTag.newBuilder().setKey(key).setValue(value).build();
    }

    private static Metric metric(String key, double value, long step) {
        return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(5_000L + step).setStep(step).build();
    }
}
