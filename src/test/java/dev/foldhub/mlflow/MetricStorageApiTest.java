package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.testsupport.HttpTestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.JsonNode;

/** The stored MLflow metric points and their bytes in GET /api/storage and on /actuator/prometheus. */
class MetricStorageApiTest extends MlflowServerTest {

    @Test // guards: /api/storage reports the points, bytes and bytes per point of mlflow_metric_points
    void storageReportsMetricPointsAndBytesPerPoint() throws Exception {
        try (MlflowClient client = mlflowClient()) {
            String run = client.createRun().getRunId();
            List<Metric> batch = new ArrayList<>();
            for (int step = 0; step < 500; step++) {
                batch.add(Metric.newBuilder().setKey("storage_loss").setValue(1.0 / (step + 1)).setTimestamp(1_000L)
                        .setStep(step).build());
            }
            client.logBatch(run, batch, List.of(), List.of());
        }
        JsonNode report = json(http().get("/api/storage"), 200);
        long points = report.get("metricPoints").asLong();
        long bytes = report.get("metricBytes").asLong();
        assertThat(points).isGreaterThanOrEqualTo(500);
        // H2's estimate: 72 bytes a point, its key's text once per run and key, not once a point
        assertThat(bytes).isGreaterThanOrEqualTo(points * 72).isLessThan(points * (72 + 2 * 32));
        assertThat(report.get("metricBytesPerPoint").asDouble()).isCloseTo((double) bytes / points, within(1e-9));
        assertThat(report.has("totalBytes")).as("the existing fields stay").isTrue();
    }

    @Test // guards: the gauges foldhub.mlflow.metric.points and .bytes are scraped by Prometheus
    void metricStorageGaugesAreOnThePrometheusEndpoint() throws Exception {
        HttpTestClient http = http();
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("foldhub_mlflow_metric_points").contains("foldhub_mlflow_metric_bytes");
    }
}
