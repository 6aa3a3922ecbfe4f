package dev.foldhub.mlflow;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An OOF .npy logged with mlflow.log_artifact to a run tagged with a Foldhub experiment and fold becomes that fold's
 * OOF predictions (threshold from the run's threshold metric or param), so the external experiment has what a blend
 * reads; without a threshold the artifact is stored and not imported. Requests as MLflow's Python client sends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"foldhub.worker.embedded=false",
        "foldhub.mlflow.max-artifact-size=64KB"})
class MlflowArtifactOofTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mlflow-oof;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(60, 10, 16, 5L));
    }

    @Test // guards: oof.npy / level1_train_*_f<k>_*.npy of a bound run with a threshold becomes the fold's OOF
    void anOofArtifactOfABoundRunBecomesTheFoldsOofAndOneWithoutThresholdIsOnlyStored() throws Exception {
        HttpTestClient http = new HttpTestClient(port);
        JsonNode dataset = json(http.post("/api/datasets", "application/json", "{\"name\": \"oof-imet\", \"path\": \""
                + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
        int classes = dataset.get("numLabels").asInt();
        byte[] folds = Npy.readUint8(http.getBytes("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy").body());

        String run0 = createRun(http, 0);
        json(http.post("/api/2.0/mlflow/runs/log-metric", "application/json", "{\"run_id\": \"" + run0
                + "\", \"key\": \"threshold\", \"value\": 0.3, \"timestamp\": 1700000001000, \"step\": 4}"), 200);
        int rows0 = rowsOf(folds, 0);
        float[] probabilities = new float[rows0 * classes];
        Arrays.fill(probabilities, 0.25f);
        put(http, run0, "level1_train_r34_f0_e4.npy", Npy.writeFloat32(probabilities, rows0, classes), 200);

        long id = experimentId(http, "lgbm-mlflow");
        HttpResponse<byte[]> oof = http.getBytes("/api/experiments/" + id + "/folds/0/oof.npy");
        assertThat(oof.statusCode()).as("the fold's OOF, which a blend reads").isEqualTo(200);
        Npy.FloatMatrix stored = Npy.readFloat2d(oof.body());
        assertThat(stored.rows()).isEqualTo(rows0);
        assertThat(stored.cols()).isEqualTo(classes);
        // oof.npy holds probability - threshold (the reference's level-1 convention): the metric's 0.3 was used
        assertThat(stored.data()[0]).isCloseTo(0.25f - 0.3f, within(1e-3f));
        JsonNode fold0 = json(http.get("/api/experiments/" + id), 200).get("folds").get(0);
        assertThat(fold0.get("threshold").asDouble()).isEqualTo(0.3);
        assertThat(tag(http, run0)).startsWith("imported level1_train_r34_f0_e4.npy as fold 0");

        // fold 1 logs a threshold as a param; a mis-shaped file first: stored, not imported, the request succeeds
        String run1 = createRun(http, 1);
        json(http.post("/api/2.0/mlflow/runs/log-parameter", "application/json", "{\"run_id\": \"" + run1
                + "\", \"key\": \"threshold\", \"value\": \"0.2\"}"), 200);
        put(http, run1, "oof.npy", Npy.writeFloat32(new float[2 * classes], 2, classes), 200);
        assertThat(tag(http, run1)).startsWith("not imported oof.npy").contains("shape");
        assertThat(http.getBytes("/api/experiments/" + id + "/folds/1/oof.npy").statusCode()).as("no OOF for fold 1").isEqualTo(404);
        int rows1 = rowsOf(folds, 1);
        put(http, run1, "oof.npy", Npy.writeFloat32(new float[rows1 * classes], rows1, classes), 200);
        assertThat(http.getBytes("/api/experiments/" + id + "/folds/1/oof.npy").statusCode()).isEqualTo(200);

        // fold 2 has no threshold: the artifact is stored (downloadable), the fold gets no OOF
        String run2 = createRun(http, 2);
        int rows2 = rowsOf(folds, 2);
        String path = put(http, run2, "oof.npy", Npy.writeFloat32(new float[rows2 * classes], rows2, classes), 200);
        assertThat(http.getBytes(path).statusCode()).isEqualTo(200);
        assertThat(tag(http, run2)).contains("no 'threshold'");
        assertThat(http.getBytes("/api/experiments/" + id + "/folds/2/oof.npy").statusCode()).as("no OOF for fold 2").isEqualTo(404);
    }

    @Test // guards: a chunked upload (no Content-Length) stops at foldhub.mlflow.max-artifact-size: 413, nothing left behind
    void aStreamedArtifactOverTheLimitIs413AndLeavesNoFile() throws Exception {
        HttpTestClient http = new HttpTestClient(port);
        String runId = json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \"0\"}"), 200)
                .get("run").get("info").get("run_id").asString();
        String path = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/big.bin";
        HttpResponse<String> tooBig = java.net.http.HttpClient.newHttpClient().send(http.request(path)
                .header("Content-Type", "application/octet-stream")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[100 * 1024])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(tooBig, 413).get("message").asString()).contains("foldhub.mlflow.max-artifact-size");
        assertThat(http.getBytes(path).statusCode()).isEqualTo(404);
        Path runDir = temp.resolve("data/artifacts/mlflow/0").resolve(runId);
        if (java.nio.file.Files.exists(runDir)) {
            try (var left = java.nio.file.Files.list(runDir)) {
                assertThat(left).as("no partial upload left").isEmpty();
            }
        }
        json(http.put(path, "application/octet-stream", new byte[60 * 1024]), 200); // under the limit: stored
        assertThat(http.getBytes(path).body()).hasSize(60 * 1024);
    }

    private static String createRun(HttpTestClient http, int fold) throws Exception {
        return json(http.post("/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\": \"0\","
                + " \"start_time\": 1700000000000, \"tags\": [{\"key\": \"foldhub.experiment\", \"value\": \"lgbm-mlflow\"},"
                + " {\"key\": \"foldhub.fold\", \"value\": \"" + fold + "\"}, {\"key\": \"foldhub.dataset\", \"value\": \"oof-imet\"}]}"),
                200).get("run").get("info").get("run_id").asString();
    }

    /** log_artifact's PUT (content type as Python's mimetypes guesses it for .npy); the artifact's address. */
    private static String put(HttpTestClient http, String runId, String name, byte[] npy, int status) throws Exception {
        String path = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/" + name;
        json(http.put(path, "application/octet-stream", npy), status);
        return path;
    }

    private static String tag(HttpTestClient http, String runId) throws Exception {
        JsonNode tags = json(http.get("/api/2.0/mlflow/runs/get?run_id=" + runId), 200).get("run").get("data").get("tags");
        return StreamSupport.stream(tags.spliterator(), false).filter(t -> t.get("key").asString().equals("foldhub.oof_import"))
                .map(t -> t.get("value").asString()).findFirst().orElse("");
    }

    private static long experimentId(HttpTestClient http, String name) throws Exception {
        return StreamSupport.stream(json(http.get("/api/experiments"), 200).spliterator(), false)
                .filter(e -> e.get("name").asString().equals(name)).findFirst().orElseThrow().get("id").asLong();
    }

    private static int rowsOf(byte[] folds, int fold) {
        int n = 0;
        for (byte f : folds) {
            n += f == fold ? 1 : 0;
        }
        return n;
    }
}
