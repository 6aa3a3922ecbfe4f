package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/experiments/{id}/metrics and /series: the step metrics of the MLflow runs of an experiment's folds,
 * thinned to at most the points asked for with every bucket's min and max, and a zoomed range asked again.
 */
class MetricSeriesApiTest extends MlflowServerTest {

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
            json(http.post("/api/datasets", "application/json", "{\"name\": \"series-imet\", \"path\": \""
                    + datasetDir.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            dataset = "series-imet";
        }
    }

    @AfterEach
    void close() {
        client.close();
    }

    /** batch_loss at steps 0..n-1 of 1 - step/n, with a spike of 9 at spikeStep; logged 1,000 a batch. */
    private void logBatchLoss(String run, int n, int spikeStep) {
        for (int start = 0; start < n; start += 1000) {
            List<Metric> batch = new ArrayList<>();
            for (int step = start; step < Math.min(n, start + 1000); step++) {
                double value = step == spikeStep ? 9.0 : 1.0 - (double) step / n;
                batch.add(Metric.newBuilder().setKey("batch_loss").setValue(value).setTimestamp(1_000L + step).setStep(step).build());
            }
            client.logBatch(run, batch, List.of(), List.of());
        }
    }

    private String foldRun(String mlflowExperiment, String foldhubExperiment, int fold) {
        return client.createRun(CreateRun.newBuilder().setExperimentId(mlflowExperiment).setStartTime(1_000L + fold)
                .addTags(tag("foldhub.experiment", foldhubExperiment)).addTags(tag("foldhub.fold", String.valueOf(fold)))
                .addTags(tag("foldhub.dataset", dataset)).build()).getRunId();
    }

    @Test // guards: each fold's series comes thinned to the points asked for, keeping spikes, the minimum and both ends
    void seriesOfEachFoldRunIsBucketedKeepingMinMaxAndEnds() throws Exception {
        String mlflowExperiment = client.createExperiment("series-bucketed");
        String run0 = foldRun(mlflowExperiment, "series-exp", 0);
        String run1 = foldRun(mlflowExperiment, "series-exp", 1);
        logBatchLoss(run0, 20_000, 12_345);
        logBatchLoss(run1, 10_000, 4_321);
        client.logMetric(run1, "val_f2", 0.5, 2_000L, 1);
        long id = foldhubExperimentId("series-exp");

        assertThat(json(http.get("/api/experiments/" + id + "/metrics"), 200).get("keys").valueStream()
                .map(JsonNode::asString).toList()).containsExactly("batch_loss", "val_f2");

        JsonNode series = json(http.get("/api/experiments/" + id + "/series?metric=batch_loss&points=500"), 200);
        assertThat(series.get("range").get("from").asLong()).isZero();
        assertThat(series.get("range").get("to").asLong()).isEqualTo(19_999L);
        JsonNode runs = series.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("fold").asInt()).isZero();
        assertThat(runs.get(0).get("runId").asString()).isEqualTo(run0);
        assertThat(runs.get(0).get("count").asLong()).isEqualTo(20_000L);
        JsonNode points = runs.get(0).get("points");
        assertThat(points.size()).isLessThanOrEqualTo(500).isGreaterThan(200);
        assertThat(step(points, 0)).isZero();
        assertThat(step(points, points.size() - 1)).isEqualTo(19_999L);
        assertThat(values(points)).contains(9.0, 1.0 - 19_999.0 / 20_000); // the spike and the minimum (the last step's)
        assertThat(steps(points)).isSorted().contains(12_345L);
        assertThat(runs.get(1).get("points").size()).isLessThanOrEqualTo(500);
        assertThat(steps(runs.get(1).get("points"))).contains(4_321L);

        // zoomed in around the spike: only that range, every value of it since it has fewer than 500
        JsonNode zoomed = json(http.get("/api/experiments/" + id + "/series?metric=batch_loss&from=12300&to=12399&points=500"), 200);
        JsonNode zoomedPoints = zoomed.get("runs").get(0).get("points");
        assertThat(steps(zoomedPoints)).hasSize(100).allSatisfy(s -> assertThat(s).isBetween(12_300L, 12_399L));
        assertThat(zoomed.get("runs")).hasSize(1); // fold 1 logged only up to step 9,999
    }

    @Test // guards: bad parameters are a 400 naming the field, an unknown experiment 404, an unlogged key no runs
    void badParametersAreRefusedNamingTheField() throws Exception {
        String mlflowExperiment = client.createExperiment("series-refused");
        client.logMetric(foldRun(mlflowExperiment, "series-refused", 0), "batch_loss", 1.0, 1_000L, 0);
        long id = foldhubExperimentId("series-refused");
        String series = "/api/experiments/" + id + "/series";
        assertThat(json(http.get(series), 400).get("field").asString()).isEqualTo("metric");
        assertThat(json(http.get(series + "?metric=batch_loss&points=20000"), 400).get("field").asString()).isEqualTo("points");
        assertThat(json(http.get(series + "?metric=batch_loss&points=1"), 400).get("field").asString()).isEqualTo("points");
        assertThat(json(http.get(series + "?metric=batch_loss&from=10&to=5"), 400).get("field").asString()).isEqualTo("from");
        assertThat(http.get(series + "?metric=batch_loss&points=many").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/experiments/999999/series?metric=batch_loss").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/experiments/999999/metrics").statusCode()).isEqualTo(404);
        assertThat(json(http.get(series + "?metric=never_logged"), 200).get("runs")).isEmpty();
    }

    @Test // guards: get-history pages 60,000 values in three pages of 25,000 at most, each value once, in step order
    void metricHistoryPagesSixtyThousandValuesInStepOrder() throws Exception {
        String run = client.createRun(client.createExperiment("history-paged")).getRunId();
        for (int start = 0; start < 60_000; start += 1000) {
            List<Metric> batch = new ArrayList<>();
            for (int i = start; i < start + 1000; i++) {
                long step = 59_999 - i; // logged backwards: the pages still come in step order
                batch.add(Metric.newBuilder().setKey("m").setValue(step * 0.5).setTimestamp(7L).setStep(step).build());
            }
            client.logBatch(run, batch, List.of(), List.of());
        }
        List<Long> steps = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = json(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + run + "&metric_key=m"
                    + (token == null ? "" : "&page_token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8))), 200);
            pages++;
            assertThat(page.get("metrics").size()).isLessThanOrEqualTo(25_000);
            page.get("metrics").forEach(m -> {
                assertThat(m.get("value").asDouble()).isEqualTo(m.get("step").asLong() * 0.5);
                steps.add(m.get("step").asLong());
            });
            token = page.has("next_page_token") && !page.get("next_page_token").isNull() ? page.get("next_page_token").asString() : null;
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(steps).hasSize(60_000);
        for (int i = 0; i < 60_000; i++) {
            assertThat(steps.get(i)).isEqualTo(i);
        }

        JsonNode tooMany = json(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + run + "&metric_key=m&max_results=25001"), 400);
        assertThat(tooMany.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
        JsonNode badToken = json(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + run + "&metric_key=m&page_token=bm9wZQ"), 400);
        assertThat(badToken.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(badToken.get("message").asString()).contains("page token");
    }

    private static long step(JsonNode points, int i) {
        return points.get(i).get("step").asLong();
    }

    private static List<Long> steps(JsonNode points) {
        return points.valueStream().map(p -> p.get("step").asLong()).toList();
    }

    private static List<Double> values(JsonNode points) {
        return points.valueStream().map(p -> p.get("value").asDouble()).toList();
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
}
