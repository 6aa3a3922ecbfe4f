package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * PUT /api/experiments/{id}/folds/{fold}/oof through HTTP: an external experiment made with POST source=external
 * receives a model's OOF fold by fold, scored against the true labels and stored so it can be blended; every bad
 * request is refused with the field named, and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class ExternalOofTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    private HttpTestClient client;
    private static long datasetId;
    private static int classes;
    private static byte[] folds;
    private static int[][] trainLabels;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:externaloof;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(60, 10, 16, 7L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId == 0) {
            Path dir = temp.resolve("tiny-imet");
            JsonNode dataset = json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"ext\", \"path\": \"" + dir.toAbsolutePath() + "\"}"), 201);
            datasetId = dataset.get("id").asLong();
            classes = dataset.get("numLabels").asInt();
            folds = Npy.readUint8(client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body());
            trainLabels = labelsFromCsv(dir);
        }
    }

    // guards: an external experiment takes each fold's OOF, scores it against the labels, and it can be blended
    @Test
    void loggedOofBecomesTheFoldsResultAndTheExperimentBlends() throws Exception {
        JsonNode created = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"lgbm\", \"dataset\": \"ext\", \"source\": \"external\"}"), 201);
        long id = created.get("id").asLong();
        assertThat(created.get("jobIds")).isEmpty();
        assertThat(created.get("experiment").get("trainable").asBoolean()).isFalse();

        // fold 0: the true labels, so F2 = 1 (every row exact); fold 1: nothing predicted, F2 = 0
        JsonNode view = json(put(id, 0, "threshold=0.4&epoch=3", Npy.writeFloat32(perfect(0), rowsOf(0), classes)), 200);
        view = json(put(id, 1, "threshold=0.5", Npy.writeFloat32(new float[rowsOf(1) * classes], rowsOf(1), classes)), 200);
        JsonNode fold0 = view.get("folds").get(0);
        assertThat(fold0.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(fold0.get("bestEpoch").asInt()).isEqualTo(3);
        assertThat(fold0.get("bestF2").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(fold0.get("threshold").asDouble()).isEqualTo(0.4);
        assertThat(view.get("folds").get(1).get("bestF2").asDouble()).isCloseTo(0.0, within(1e-9));
        // pooled over both folds' rows: rows of fold 0 score 1, rows of fold 1 score 0
        assertThat(view.get("oofF2").asDouble())
                .isCloseTo((double) rowsOf(0) / (rowsOf(0) + rowsOf(1)), within(1e-9));

        HttpResponse<byte[]> back = client.getBytes("/api/experiments/" + id + "/folds/0/oof.npy");
        assertThat(back.statusCode()).isEqualTo(200);
        Npy.FloatMatrix stored = Npy.readFloat2d(back.body());
        assertThat(stored.rows()).isEqualTo(rowsOf(0));
        assertThat(stored.cols()).isEqualTo(classes);

        JsonNode other = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"xgb\", \"dataset\": " + datasetId + ", \"source\": \"external\"}"), 201);
        long otherId = other.get("id").asLong();
        json(put(otherId, 0, "threshold=0.3", Npy.writeFloat32(perfect(0), rowsOf(0), classes)), 200);
        json(put(otherId, 1, "threshold=0.3", Npy.writeFloat32(perfect(1), rowsOf(1), classes)), 200);
        HttpResponse<String> blend = client.post("/api/ensembles", "application/json",
                "{\"name\": \"ext-blend\", \"dataset\": " + datasetId + ", \"experiments\": [" + id + ", " + otherId
                        + "], \"method\": \"greedy\"}");
        assertThat(blend.statusCode()).as(blend.body()).isIn(201, 202);
    }

    // guards: each bad request is a 4xx naming its field, and the fold keeps what it had
    @Test
    void badOofRequestsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        long id = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"refused\", \"dataset\": \"ext\", \"source\": \"external\"}"), 201).get("id").asLong();
        byte[] good = Npy.writeFloat32(perfect(0), rowsOf(0), classes);
        json(put(id, 0, "threshold=0.5", good), 200);

        assertField(put(id, 0, "", good), 400, "threshold");
        assertField(put(id, 0, "threshold=1", good), 400, "threshold");
        assertField(put(id, 0, "threshold=0", good), 400, "threshold");
        assertField(put(id, 0, "threshold=abc", good), 400, "threshold");
        assertField(put(id, 0, "threshold=0.5&epoch=-1", good), 400, "epoch");
        assertField(put(id, 0, "threshold=0.5", Npy.writeFloat32(new float[(rowsOf(0) - 1) * classes], rowsOf(0) - 1,
                classes)), 422, "oof");
        assertField(put(id, 0, "threshold=0.5", Npy.writeFloat32(new float[rowsOf(0) * (classes + 1)], rowsOf(0),
                classes + 1)), 422, "oof");
        float[] nan = perfect(0);
        nan[5] = Float.NaN;
        assertField(put(id, 0, "threshold=0.5", Npy.writeFloat32(nan, rowsOf(0), classes)), 422, "oof");
        assertField(put(id, 0, "threshold=0.5", "not an npy file".getBytes()), 400, "oof");
        assertField(put(id, 0, "threshold=0.5", new byte[8 * rowsOf(0) * classes + Npy.MAX_HEADER_BYTES + 1]), 413, "oof");
        assertField(put(id, 9, "threshold=0.5", good), 400, "fold");
        assertThat(put(999_999, 0, "threshold=0.5", good).statusCode()).isEqualTo(404);

        long trained = json(client.post("/api/experiments", "application/json", "{\"name\": \"cnn\", \"dataset\": \"ext\","
                + " \"folds\": \"0\", \"config\": " + HttpTestClient.toJson(TinyConfigs.resnet18(1)) + "}"), 201)
                .get("id").asLong();
        HttpResponse<String> conflict = put(trained, 0, "threshold=0.5", good);
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(json(client.get("/api/experiments/" + trained), 200).get("oofF2").isNull()).isTrue();
        assertField(client.post("/api/experiments", "application/json",
                "{\"name\": \"x\", \"dataset\": \"ext\", \"source\": \"elsewhere\"}"), 400, "source");

        JsonNode view = json(client.get("/api/experiments/" + id), 200);
        assertThat(view.get("folds")).hasSize(1);
        assertThat(view.get("folds").get(0).get("bestF2").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(view.get("folds").get(0).get("threshold").asDouble()).isEqualTo(0.5);
    }

    private HttpResponse<String> put(long id, int fold, String query, byte[] npy) throws Exception {
        return client.put("/api/experiments/" + id + "/folds/" + fold + "/oof" + (query.isEmpty() ? "" : "?" + query),
                "application/octet-stream", npy);
    }

    private static void assertField(HttpResponse<String> response, int status, String field) {
        JsonNode problem = json(response, status);
        assertThat(problem.get("field").asString()).as(response.body()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static int rowsOf(int fold) {
        int n = 0;
        for (byte f : folds) {
            n += f == fold ? 1 : 0;
        }
        return n;
    }

    /** 1 for each true label of the fold's rows (train.csv order), 0 elsewhere. */
    private static float[] perfect(int fold) {
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < folds.length; r++) {
            if (folds[r] == fold) {
                float[] row = new float[classes];
                for (int c : trainLabels[r]) {
                    row[c] = 1;
                }
                rows.add(row);
            }
        }
        float[] all = new float[rows.size() * classes];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * classes, classes);
        }
        return all;
    }

    /** Labels read from the generated CSV files, independently of the server: class = row of labels.csv. */
    private static int[][] labelsFromCsv(Path dir) throws Exception {
        List<String> labelLines = Files.readAllLines(dir.resolve("labels.csv"));
        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 1; i < labelLines.size(); i++) {
            classOf.put(labelLines.get(i).split(",")[0], i - 1);
        }
        List<String> train = Files.readAllLines(dir.resolve("train.csv"));
        int[][] labels = new int[train.size() - 1][];
        for (int r = 1; r < train.size(); r++) {
            String[] ids = train.get(r).split(",")[1].trim().split(" ");
            labels[r - 1] = java.util.Arrays.stream(ids).mapToInt(classOf::get).toArray();
        }
        return labels;
    }
}
