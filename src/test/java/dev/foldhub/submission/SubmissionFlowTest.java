package dev.foldhub.submission;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/** Through HTTP: train 2 tiny models on 2 folds, blend, submit with TTA x2, score the CSV; then the failure paths. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class SubmissionFlowTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    private HttpTestClient client;

    private static final String CONFIG = """
            model:
              arch: resnet18
              input_size: 32
            train:
              batch_size: 16
              num_epochs: 3
            optimizer:
              name: adam
              params:
                lr: 0.003
            loss:
              name: binary_cross_entropy
            test:
              num_ttas: 1
            """;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:submissions;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards the whole path: trained checkpoints -> TEST_PREDICT jobs -> blend -> a CSV that beats all-positive
    @Test
    void trainBlendSubmitAndScoreTheCsvThenFailClearly() throws Exception {
        client = new HttpTestClient(port);
        Path dir = temp.resolve("sub-imet");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(240, 40, 32, 11L));
        long datasetId = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"sub\", \"path\": \"" + dir.toAbsolutePath() + "\"}"), 201).get("id").asLong();
        byte[] folds = new byte[240];
        for (int i = 0; i < folds.length; i++) {
            folds[i] = (byte) (i % 2);
        }
        assertThat(client.put("/api/datasets/" + datasetId + "/folds.npy", "application/octet-stream",
                Npy.writeUint8(folds)).statusCode()).isEqualTo(200);
        long a = json(client.post("/api/experiments?name=ra&dataset=sub&folds=0,1", "application/yaml", CONFIG), 201)
                .get("id").asLong();
        long b = json(client.post("/api/experiments?name=rb&dataset=sub&folds=0,1", "application/yaml",
                CONFIG.replace("lr: 0.003", "lr: 0.002")), 201).get("id").asLong();
        await("/api/experiments/" + a, Duration.ofMinutes(6));
        await("/api/experiments/" + b, Duration.ofMinutes(6));
        long ensemble = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "e",
                "dataset", "sub", "experiments", List.of(a, b), "method", "greedy"))), 201).get("id").asLong();
        assertThat(await("/api/ensembles/" + ensemble, Duration.ofMinutes(2)).get("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode created = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json",
                "{\"ttas\": 2, \"combine\": \"mean\"}"), 201);
        long id = created.get("id").asLong();
        JsonNode done = await("/api/submissions/" + id, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("jobs").findValuesAsString("kind")).contains("TEST_PREDICT", "SUBMISSION");

        HttpResponse<String> csv = client.get("/api/submissions/" + id + "/submission.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        List<String> sample = Files.readAllLines(dir.resolve("sample_submission.csv"));
        assertThat(lines.get(0)).isEqualTo("id,attribute_ids");
        assertThat(lines).hasSize(sample.size());
        for (int r = 1; r < lines.size(); r++) {
            String[] parts = lines.get(r).split(",", -1);
            assertThat(parts[0]).isEqualTo(sample.get(r).split(",", -1)[0]);
            int[] ids = parts[1].isEmpty() ? new int[0] : Arrays.stream(parts[1].split(" ")).mapToInt(Integer::parseInt).toArray();
            assertThat(ids).isSorted();
        }
        int labels = Files.readAllLines(dir.resolve("labels.csv")).size() - 1;
        List<String> truth = Files.readAllLines(dir.resolve("test_labels.csv"));
        double f2 = meanF2(lines, truth, null);
        double allPositive = meanF2(lines, truth, labels);
        System.out.printf("submission F2 %.4f, all-positive baseline F2 %.4f%n", f2, allPositive);
        // states both: the blend must beat predicting every label by a clear margin
        assertThat(f2).as("F2 %.3f vs all-positive %.3f", f2, allPositive).isGreaterThan(allPositive + 0.08);

        JsonNode estimate = json(client.get("/api/ensembles/" + ensemble + "/inference-estimate?images=7443&ttas=2"), 200);
        assertThat(estimate.get("models")).hasSize(4);
        assertThat(estimate.get("estimatedSeconds").asDouble()).isPositive();
        JsonNode scored = json(client.put("/api/submissions/" + id + "/leaderboard", "application/json",
                "{\"public\": 0.651, \"private\": 0.646}"), 200);
        assertThat(scored.get("publicScore").asDouble()).isEqualTo(0.651);
        JsonNode listed = json(client.get("/api/submissions"), 200);
        assertThat(listed.get(0).get("privateScore").asDouble()).isEqualTo(0.646);
        assertThat(listed.get(0).get("oofF2").asDouble()).isPositive();
        json(client.put("/api/submissions/" + id + "/leaderboard", "application/json", "{\"public\": 2}"), 400);

        // a test image gone: the prediction jobs fail with the reason, the CSV stays unavailable
        Path image = dir.resolve("test").resolve(sample.get(1).split(",")[0] + ".png");
        Files.move(image, temp.resolve("moved.png"));
        long broken = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json",
                "{\"ttas\": 1}"), 201).get("id").asLong();
        JsonNode failed = await("/api/submissions/" + broken, Duration.ofMinutes(2));
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("lacks 1 of 40 images");
        assertThat(client.get("/api/submissions/" + broken + "/submission.csv").statusCode()).isEqualTo(409);
        Files.move(temp.resolve("moved.png"), image);

        // no checkpoint and no stored predictions for these TTA settings: a 422 naming what is missing
        FileSystemUtils.deleteRecursively(temp.resolve("data/artifacts/experiments/" + b));
        JsonNode problem = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json",
                "{\"ttas\": 1}"), 422);
        assertThat(problem.get("detail").asString()).contains("experiment " + b + " (rb) fold 0 has no checkpoint");
        json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json", "{\"ttas\": 0}"), 400);
        JsonNode badCombine = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json",
                "{\"combine\": \"gmean\"}"), 400);
        assertThat(badCombine.get("field").asString()).isEqualTo("combine");
        json(client.get("/api/submissions/987654"), 404);
    }

    /** Sample-averaged F2 of the CSV against test_labels.csv; allLabels non-null scores predicting all of them. */
    private static double meanF2(List<String> csv, List<String> truth, Integer allLabels) {
        double sum = 0;
        for (int r = 1; r < truth.size(); r++) {
            Set<String> actual = new HashSet<>(Arrays.asList(truth.get(r).split(",", -1)[1].trim().split(" ")));
            String predictedText = csv.get(r).split(",", -1)[1];
            Set<String> predicted = new HashSet<>(predictedText.isEmpty() ? List.of() : Arrays.asList(predictedText.split(" ")));
            int tp = 0;
            for (String p : predicted) {
                tp += actual.contains(p) ? 1 : 0;
            }
            int predictedCount = allLabels != null ? allLabels : predicted.size();
            if (allLabels != null) {
                tp = actual.size();
            }
            // F2 = 5 tp / (5 tp + 4 fn + fp)
            int fn = actual.size() - tp;
            int fp = predictedCount - tp;
            sum += tp == 0 ? 0 : 5.0 * tp / (5.0 * tp + 4 * fn + fp);
        }
        return sum / (truth.size() - 1);
    }

    private JsonNode await(String path, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode node = json(client.get(path), 200);
            String status = node.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return node;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still " + status + ": " + node);
            }
            Thread.sleep(300);
        }
    }
}
