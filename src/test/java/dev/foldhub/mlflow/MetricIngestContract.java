package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * MLflow ingestion under concurrency, over HTTP on the server the subclass starts (H2, PostgreSQL): 8 threads log
 * into one run at once, each its own steps of a key they all share (made by whichever comes first) and of a key of its
 * own, by log-metric and log-batch; every acknowledged point is then stored exactly once, get-history returns each
 * in step order, and each key's latest value is its largest step's.
 */
abstract class MetricIngestContract {

    static final int THREADS = 8;
    static final int SINGLES = 30; // log-metric requests a thread
    static final int BATCHES = 4; // log-batch requests a thread, each BATCH_HALF shared and BATCH_HALF own points
    static final int BATCH_HALF = 50;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test // guards: concurrent log-metric and log-batch calls into one run store each acknowledged point exactly once
    void concurrentLoggingStoresEveryAcknowledgedPointExactlyOnce() throws Exception {
        HttpTestClient http = new HttpTestClient(port);
        String runId = json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\":\"0\"}"), 200)
                .get("run").get("info").get("run_id").asText();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> acknowledged = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                acknowledged.add(pool.submit(() -> {
                    start.await();
                    return log(http, runId, thread);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : acknowledged) {
                total += f.get();
            }
            assertThat(total).isEqualTo(THREADS * (SINGLES + BATCHES * 2 * BATCH_HALF));
        } finally {
            pool.shutdownNow();
        }

        long shared = THREADS * (SINGLES + BATCHES * BATCH_HALF);
        assertThat(stored(runId, "shared")).as("stored, distinct steps").containsExactly(shared, shared);
        for (int t = 0; t < THREADS; t++) {
            assertThat(stored(runId, "own_" + t)).containsExactly((long) BATCHES * BATCH_HALF, (long) BATCHES * BATCH_HALF);
        }
        List<Long> steps = new ArrayList<>();
        for (JsonNode m : json(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=shared"), 200)
                .get("metrics")) {
            steps.add(m.get("step").asLong());
            assertThat(m.get("value").asDouble()).isEqualTo(value(m.get("step").asLong()));
        }
        assertThat(steps).hasSize((int) shared).isSorted().doesNotHaveDuplicates();

        JsonNode latest = json(http.get("/api/2.0/mlflow/runs/get?run_id=" + runId), 200).get("run").get("data").get("metrics");
        assertThat(latest).hasSize(THREADS + 1);
        for (JsonNode m : latest) {
            long expectedStep = m.get("key").asText().equals("shared")
                    ? step(THREADS - 1, SINGLES + BATCHES * BATCH_HALF - 1) : BATCHES * BATCH_HALF - 1;
            assertThat(m.get("step").asLong()).as(m.get("key").asText()).isEqualTo(expectedStep);
            assertThat(m.get("value").asDouble()).isEqualTo(value(expectedStep));
        }
    }

    /** One thread's requests; the points acknowledged (HTTP 200). */
    private static int log(HttpTestClient http, String runId, int thread) throws Exception {
        int acknowledged = 0;
        for (int i = 0; i < SINGLES; i++) {
            long step = step(thread, i);
            String body = "{\"run_id\":\"" + runId + "\",\"key\":\"shared\",\"value\":" + value(step)
                    + ",\"timestamp\":1000,\"step\":" + step + "}";
            acknowledged += http.post("/api/2.0/mlflow/runs/log-metric", "application/json", body).statusCode() == 200 ? 1 : 0;
        }
        for (int b = 0; b < BATCHES; b++) {
            StringBuilder metrics = new StringBuilder();
            for (int j = 0; j < BATCH_HALF; j++) {
                long sharedStep = step(thread, SINGLES + b * BATCH_HALF + j);
                long ownStep = (long) b * BATCH_HALF + j;
                metrics.append(metrics.isEmpty() ? "" : ",")
                        .append("{\"key\":\"shared\",\"value\":").append(value(sharedStep))
                        .append(",\"timestamp\":1000,\"step\":").append(sharedStep).append("},")
                        .append("{\"key\":\"own_").append(thread).append("\",\"value\":").append(value(ownStep))
                        .append(",\"timestamp\":1000,\"step\":").append(ownStep).append('}');
            }
            String body = "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}";
            if (http.post("/api/2.0/mlflow/runs/log-batch", "application/json", body).statusCode() == 200) {
                acknowledged += 2 * BATCH_HALF;
            }
        }
        return acknowledged;
    }

    /** The thread's i-th step of the shared key: threads never share a step. */
    private static long step(int thread, int i) {
        return thread * 100_000L + i;
    }

    private static double value(long step) {
        return step / 8.0;
    }

    /** The key's stored points and distinct steps, from the database. */
    private List<Long> stored(String runId, String key) {
        return jdbc.queryForObject("SELECT COUNT(*), COUNT(DISTINCT p.step) FROM mlflow_metric_points p"
                        + " JOIN mlflow_metric_keys k ON k.id = p.key_id WHERE k.run_id = ? AND k.name = ?",
                (rs, n) -> List.of(rs.getLong(1), rs.getLong(2)), runId, key);
    }
}
