package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.Level1Uploads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A level-2 stacker through HTTP (issue 18): two imported level-1 experiments, a stacker over them named as the
 * reference's level2_* configs name members (level1 file lists) and by name, trained by the embedded worker fold by
 * fold into an experiment like any other (fold scores, OOF, test predictions); its inputs honest; bad members a 422.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms",
        "foldhub.worker.heartbeat-interval=1s"})
class Level2StackingFlowTest {

    @TempDir
    static Path temp;

    private static final int TEST_IMAGES = 12;
    private static long datasetId;
    private static byte[] folds;
    private static int labels;
    private static int k;

    @LocalServerPort
    int port;

    @Autowired
    Level2Inputs level2Inputs;

    @Autowired
    OofStore oofs;

    @Autowired
    JdbcClient jdbc;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:level2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("l2-imet"), new DemoSpec(80, TEST_IMAGES, 16, 5L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId == 0) {
            JsonNode dataset = json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"l2\", \"path\": \"" + temp.resolve("l2-imet").toAbsolutePath() + "\"}"), 201);
            datasetId = dataset.get("id").asLong();
            labels = dataset.get("numLabels").asInt();
            folds = Npy.readUint8(client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body());
            for (byte f : folds) {
                k = Math.max(k, f + 1);
            }
            json(importModel("l2-alpha", "alpha", 1), 201);
            json(importModel("l2-beta", "beta", 2), 201);
        }
    }

    @Test
    void stackerOverImportedMembersTrainsEveryFoldIntoAnExperimentLikeAnyOther() throws Exception {
        StringBuilder alphaFiles = new StringBuilder();
        for (int f = 0; f < k; f++) {
            alphaFiles.append("      - ").append(trainName("alpha", f)).append('\n');
        }
        String config = "model: {input_size: 352, dropout: 0.2}\n"
                + "data:\n  input_dir: '../predicts__tta_2x'\n  inputs:\n    -\n" + alphaFiles + "    - l2-beta\n"
                + "train: {batch_size: 16, num_epochs: 2, max_steps_per_epoch: 10600}\n"
                + "loss: {name: focal_loss}\naugmentations: {hflip: true, blur: 0.3}\n";
        JsonNode created = json(client.post("/api/experiments?name=l2-stack&dataset=l2", "application/yaml", config), 201);
        long id = created.get("id").asLong();
        assertThat(created.get("experiment").get("arch").asString()).isEqualTo("level2");
        assertThat(created.get("ignoredKeys").toString()).contains("data.input_dir", "augmentations.blur");

        JsonNode done = awaitFinished(id, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("folds")).hasSize(k);
        for (JsonNode fold : done.get("folds")) {
            assertThat(fold.get("bestF2").asDouble()).isBetween(0.0, 1.0);
            assertThat(fold.get("bestEpoch").asInt()).isBetween(1, 2);
        }
        assertThat(done.get("oofF2").asDouble()).isBetween(0.0, 1.0);
        Npy.FloatMatrix oof = Npy.readFloat2d(client.getBytes("/api/experiments/" + id + "/oof.npy").body());
        assertThat(oof.rows()).isEqualTo(folds.length);
        assertThat(oof.cols()).isEqualTo(labels);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_predictions WHERE experiment_id = ? AND num_ttas IS NULL "
                + "AND num_rows = ?").params(id, TEST_IMAGES).query(Long.class).single())
                .as("one test prediction per fold, from the members' stored ones").isEqualTo(k);

        // its OOF comes from stacking, so recomputing it from images is refused
        assertThat(client.post("/api/experiments/" + id + "/folds/0/predict-oof", "application/json", "{}").statusCode())
                .isEqualTo(409);

        // blended with a member and submitted like any experiment: its stored test predictions, no TEST_PREDICT job
        long alpha = jdbc.sql("SELECT id FROM experiments WHERE name = 'l2-alpha'").query(Long.class).single();
        long ensemble = json(client.post("/api/ensembles", "application/json", HttpTestClient.toJson(java.util.Map.of(
                "name", "l2-blend", "dataset", "l2", "experiments", List.of(id, alpha), "method", "greedy"))), 201)
                .get("id").asLong();
        assertThat(awaitStatus("/api/ensembles/" + ensemble, Duration.ofMinutes(2))).isEqualTo("SUCCEEDED");
        long submission = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json", "{}"), 201)
                .get("id").asLong();
        assertThat(awaitStatus("/api/submissions/" + submission, Duration.ofMinutes(2))).isEqualTo("SUCCEEDED");
        assertThat(client.get("/api/submissions/" + submission + "/submission.csv").body().lines())
                .hasSize(TEST_IMAGES + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE kind = 'TEST_PREDICT'").query(Long.class).single()).isZero();
    }

    private String awaitStatus(String path, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String status = json(client.get(path), 200).get("status").asString();
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status) || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(300);
        }
    }

    @Test
    void eachFoldsInputsComeFromTheOtherFoldsRowsOnly() throws Exception {
        // guards honest OOF at the source: fold f's training rows hold no row of fold f, and each member's matrices
        // are its stored OOF of exactly those rows
        JsonNode created = json(client.post("/api/experiments?name=l2-honest&dataset=l2&folds=0", "application/yaml",
                "model: {arch: level2}\ndata: {inputs: [l2-alpha, l2-beta]}\ntrain: {num_epochs: 1}\n"), 201);
        long id = created.get("id").asLong();
        client.post("/api/experiments/" + id + "/cancel", "application/json", "");
        for (int f = 0; f < k; f++) {
            Level2Plan plan = level2Inputs.plan(id, f);
            assertThat(plan.memberNames()).containsExactly("l2-alpha", "l2-beta");
            List<Integer> own = new ArrayList<>();
            for (int r = 0; r < folds.length; r++) {
                if (folds[r] == f) {
                    own.add(r);
                }
            }
            for (int row : plan.trainRows()) {
                assertThat((int) folds[row]).as("training row " + row + " of fold " + f).isNotEqualTo(f);
            }
            assertThat(plan.trainRows().length + plan.validationRows().length).isEqualTo(folds.length);
            assertThat(plan.validationRows()).containsExactly(own.stream().mapToInt(Integer::intValue).toArray());
            Level2MemberInputs beta = level2Inputs.member(plan, 1);
            for (int i = 0; i < plan.trainRows().length; i++) {
                int row = plan.trainRows()[i];
                float[] expected = oofRow(plan.memberIds().get(1), row);
                for (int c = 0; c < labels; c++) {
                    assertThat(beta.train()[i * labels + c]).isEqualTo(expected[c]);
                }
            }
            for (int i = 0; i < plan.validationRows().length; i++) {
                float[] expected = oofRow(plan.memberIds().get(1), plan.validationRows()[i]);
                for (int c = 0; c < labels; c++) {
                    assertThat(beta.validation()[i * labels + c]).isEqualTo(expected[c]);
                }
            }
            assertThat(beta.testRows()).isEqualTo(TEST_IMAGES);
        }
    }

    @Test
    void membersThatCannotBeStackedAreA422NamingDataInputs() throws Exception {
        // guards the member checks: unknown, listed twice, unfinished folds, file lists of no imported model
        refused("data: {inputs: [l2-alpha, no-such-experiment]}", "names no experiment");
        refused("data: {inputs: [l2-alpha, l2-alpha]}", "listed twice");
        refused("data: {inputs: [99999]}", "is not an experiment");
        refused("data: {inputs: [[" + trainName("gamma", 0) + "]]}", "which no imported experiment was made from");
        JsonNode partial = json(client.post("/api/experiments?name=l2-partial&dataset=l2&folds=0", "application/yaml",
                "model: {arch: level2}\ndata: {inputs: [l2-alpha]}\ntrain: {num_epochs: 1}\n"), 201);
        client.post("/api/experiments/" + partial.get("id").asLong() + "/cancel", "application/json", "");
        refused("data: {inputs: [l2-alpha, l2-partial]}", "has no OOF predictions of folds");
        JsonNode problem = json(client.post("/api/experiments?name=l2-bad&dataset=l2", "application/yaml",
                "model: {arch: resnet18, input_size: 32}\ndata: {inputs: [l2-alpha]}\n"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("model.arch");
    }

    private void refused(String config, String reason) throws Exception {
        JsonNode problem = json(client.post("/api/experiments?name=l2-refused&dataset=l2", "application/yaml",
                config + "\n"), 422);
        assertThat(problem.get("field").asString()).isEqualTo("data.inputs");
        assertThat(problem.get("detail").asString()).contains(reason);
    }

    private float[] oofRow(long experimentId, int row) {
        int f = folds[row];
        int index = 0;
        for (int r = 0; r < row; r++) {
            index += folds[r] == f ? 1 : 0;
        }
        OofPrediction oof = oofs.find(experimentId, f).orElseThrow();
        float[] out = new float[labels];
        System.arraycopy(oof.probabilities(), index * labels, out, 0, labels);
        return out;
    }

    private java.net.http.HttpResponse<String> importModel(String name, String model, long seed) throws Exception {
        return Level1Uploads.importModel(client, "l2", folds, labels, TEST_IMAGES, name, model, seed);
    }

    private static String trainName(String model, int fold) {
        return Level1Uploads.trainName(model, fold);
    }

    private JsonNode awaitFinished(long id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode experiment = json(client.get("/api/experiments/" + id), 200);
            String status = experiment.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return experiment;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("experiment still " + status + " after " + timeout + ": " + experiment);
            }
            Thread.sleep(300);
        }
    }
}
