package dev.foldhub.pseudolabel;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Without a worker a submission stays QUEUED: pseudo-labels from it are a 409 and register nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class PseudoLabelUnfinishedSubmissionTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:pseudo-queued;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards: a submission that has not SUCCEEDED is a 409 for the preview and the creation alike
    @Test
    void anUnfinishedSubmissionIsAConflict() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        Path dir = temp.resolve("plq-imet");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(60, 6, 16, 3L));
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"plq\", \"path\": \"" + dir.toAbsolutePath() + "\"}"), 201);
        int classes = dataset.get("numLabels").asInt();
        byte[] foldsNpy = client.getBytes("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy").body();
        byte[] folds = Npy.readUint8(foldsNpy);
        int testRows = (int) Files.lines(dir.resolve("sample_submission.csv")).count() - 1;
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < dataset.get("numFolds").asInt(); fold++) {
            int rows = 0;
            for (byte f : folds) {
                rows += f == fold ? 1 : 0;
            }
            files.put(Level1FileName.ofTrain("plq", fold, 1, 0.5).fileName(),
                    Npy.writeFloat32(new float[rows * classes], rows, classes));
            files.put("level1_test_plq_f" + fold + "_e01_0.5000.npy",
                    Npy.writeFloat32(new float[testRows * classes], testRows, classes));
        }
        long experiment = json(client.postMultipart("/api/experiments/import", Map.of("name", "plq-model",
                "dataset", "plq"), "files", files), 201).get("id").asLong();
        JsonNode queued = json(client.post("/api/experiments/" + experiment + "/submissions", "application/json",
                "{}"), 201);
        assertThat(queued.get("status").asString()).isEqualTo("QUEUED");
        long id = queued.get("id").asLong();
        int before = json(client.get("/api/datasets"), 200).size();
        assertThat(json(client.post("/api/submissions/" + id + "/pseudo-labels", "application/json",
                "{\"name\": \"plq-pseudo\", \"minConfidence\": 0.5}"), 409).get("detail").asString())
                .contains("QUEUED", "SUCCEEDED");
        json(client.get("/api/submissions/" + id + "/pseudo-labels/preview?minConfidence=0.5"), 409);
        assertThat(json(client.get("/api/datasets"), 200).size()).isEqualTo(before);
    }
}
