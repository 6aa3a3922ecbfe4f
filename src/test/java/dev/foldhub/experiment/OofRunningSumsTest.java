package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.testsupport.HttpTestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * The pooled OOF F2 and the OOF comparison do not decode every stored fold again: a finished fold adds its running
 * sums, and a comparison is cached by its members' stored OOF and capped in members. Stored predictions that were
 * made unreadable behind the server's back prove it: nothing reads them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class OofRunningSumsTest {

    private static final float THRESHOLD = 0.3f;

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Autowired
    FoldProgress progress;

    @Autowired
    DatasetService datasets;

    @Autowired
    JdbcClient jdbc;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:runningsums;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(60, 4, 16, 11L));
    }

    @BeforeEach
    void connect() throws Exception {
        client = new HttpTestClient(port);
        if (json(client.get("/api/datasets"), 200).isEmpty()) {
            json(client.post("/api/datasets", "application/json", "{\"name\": \"sums\", \"path\": \""
                    + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
        }
    }

    // guards item 9: a fold's completion adds its running sums to the pooled OOF F2 without decoding the folds stored
    // before it (made unreadable here), and the result is the sample-averaged F2 of all stored folds, each at its
    // own threshold, computed here by the definition
    @Test
    void thePooledF2AddsEachFoldsRunningSumsWithoutDecodingEarlierFolds() throws Exception {
        Experiment experiment = experiment("pooled");
        List<Row> scored = new ArrayList<>();
        for (int fold = 0; fold < 2; fold++) {
            scored.addAll(recordFold(experiment, fold, new Random(fold)));
        }
        unreadable(experiment.id);

        scored.addAll(recordFold(experiment, 2, new Random(2)));

        double expected = scored.stream().mapToDouble(Row::f2).average().orElseThrow();
        JsonNode view = json(client.get("/api/experiments/" + experiment.id), 200);
        assertThat(view.get("oofF2").asDouble()).isCloseTo(expected, within(1e-6));
    }

    // guards item 9: a comparison names at most 16 experiments (400 naming the field), is cached by the members'
    // stored OOF (served again although the stored predictions became unreadable), and a replaced fold is a new key
    @Test
    void aComparisonIsCappedAndCachedByTheMembersStoredOof() throws Exception {
        String many = String.join(",", java.util.stream.IntStream.rangeClosed(1, 17).mapToObj(String::valueOf).toList());
        JsonNode capped = json(client.get("/api/ensembles/compare?experiments=" + many), 400);
        assertThat(capped.get("field").asString()).isEqualTo("experiments");

        Experiment a = experiment("compare-a");
        Experiment b = experiment("compare-b");
        for (int fold = 0; fold < a.folds; fold++) {
            recordFold(a, fold, new Random(100 + fold));
            recordFold(b, fold, new Random(200 + fold));
        }
        String path = "/api/ensembles/compare?experiments=" + a.id + "," + b.id;
        double first = json(client.get(path), 200).get("correlation").get(0).get(1).asDouble();

        float[] same = new float[a.rows(datasets, 0) * a.classes];
        progress.replaceOof(a.id, 0, THRESHOLD, 0.5, a.rows(datasets, 0), a.classes, same);
        double replaced = json(client.get(path), 200).get("correlation").get(0).get(1).asDouble();
        assertThat(replaced).as("a replaced fold is recomputed").isNotEqualTo(first);

        unreadable(a.id);
        unreadable(b.id);
        assertThat(json(client.get(path), 200).get("correlation").get(0).get(1).asDouble()).isEqualTo(replaced);
    }

    private record Row(double f2) {
    }

    private static final class Experiment {
        long id;
        long assignment;
        long dataset;
        int folds;
        int classes;

        int rows(DatasetService datasets, int fold) {
            return datasets.folds(assignment).rowsOf(fold).length;
        }
    }

    private Experiment experiment(String name) throws Exception {
        String config = "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 8\n  num_epochs: 1\n";
        JsonNode created = json(client.post("/api/experiments?name=" + name + "&dataset=sums", "application/yaml",
                config), 201);
        Experiment e = new Experiment();
        e.id = created.get("id").asLong();
        e.assignment = created.get("experiment").get("foldAssignmentId").asLong();
        e.dataset = created.get("experiment").get("datasetId").asLong();
        e.folds = datasets.folds(e.assignment).numFolds();
        e.classes = datasets.table(e.dataset).attributeIds().size();
        return e;
    }

    /** Stores random probabilities for the fold and returns each of its rows' F2 at THRESHOLD, by the definition. */
    private List<Row> recordFold(Experiment e, int fold, Random random) {
        int[] rows = datasets.folds(e.assignment).rowsOf(fold);
        int[][] labels = datasets.table(e.dataset).trainLabels();
        float[] p = new float[rows.length * e.classes];
        List<Row> scored = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            int tp = 0;
            int predicted = 0;
            for (int c = 0; c < e.classes; c++) {
                p[i * e.classes + c] = random.nextFloat();
                predicted += p[i * e.classes + c] > THRESHOLD ? 1 : 0;
            }
            for (int label : labels[rows[i]]) {
                tp += p[i * e.classes + label] > THRESHOLD ? 1 : 0;
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = labels[rows[i]].length == 0 ? 0 : (double) tp / labels[rows[i]].length;
            // F2 = 5 P R / (4 P + R), 0 when nothing is right
            scored.add(new Row(tp == 0 ? 0 : 5 * precision * recall / (4 * precision + recall)));
        }
        progress.recordFold(0L, new OofPrediction(e.id, fold, 1, THRESHOLD, 0.5, rows.length, e.classes, p), 1, null);
        return scored;
    }

    /** Stored predictions no decoder accepts: whatever reads them fails. */
    private void unreadable(long experimentId) {
        jdbc.sql("UPDATE oof_predictions SET data = ? WHERE experiment_id = ?").params(new byte[] {1}, experimentId).update();
    }
}
