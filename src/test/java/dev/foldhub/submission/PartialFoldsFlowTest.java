package dev.foldhub.submission;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Through HTTP: blends and submissions over the folds the experiments have. Experiments are imported with all 5
 * folds (OOF and level1_test); deleting some folds' stored OOF leaves them as a still-training experiment is.
 * Every expected value is computed here from the generated matrices, not by the code under test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class PartialFoldsFlowTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private HttpTestClient client;
    private static byte[] foldsNpy;
    private static byte[] folds;
    private static int[][] labels;
    private static int classes;
    private static int testRows;
    /** Per experiment id: its centered OOF matrix per fold, and its test matrix per fold (all exact in float16). */
    private static final Map<Long, Map<Integer, float[]>> OOF = new HashMap<>();
    private static final Map<Long, Map<Integer, float[]>> TEST = new HashMap<>();
    private static long a;
    private static long b;
    private static long c;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:partial;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() {
        new DemoDatasetGenerator().generate(temp.resolve("part-imet"), new DemoSpec(200, 12, 16, 7L));
    }

    @BeforeEach
    void importThreeModels() throws Exception {
        client = new HttpTestClient(port);
        if (a != 0) {
            return;
        }
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"part\", \"path\": \"" + temp.resolve("part-imet").toAbsolutePath() + "\"}"), 201);
        long datasetId = dataset.get("id").asLong();
        foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        folds = Npy.readUint8(foldsNpy);
        classes = dataset.get("numLabels").asInt();
        labels = trainLabels(temp.resolve("part-imet"));
        testRows = Files.readAllLines(temp.resolve("part-imet/sample_submission.csv")).size() - 1;
        a = importModel("pa", foldsNpy, 0.3, 1, List.of(0, 1));
        b = importModel("pb", foldsNpy, 0.5, 2, List.of(0, 1, 2));
        c = importModel("pc", foldsNpy, 0.4, 3, List.of(2));
    }

    // guards: members with folds {0,1} and {0,1,2} blend on folds 0 and 1 only, and say so; the F2 is the blend's on those rows
    @Test
    void aBlendOfMembersWithDifferentFoldsUsesTheirCommonFoldsAndItsSubmissionAveragesThose() throws Exception {
        long id = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "part-ab", "dataset", "part", "experiments", List.of(a, b), "method", "greedy"))), 201)
                .get("id").asLong();
        JsonNode e = await("/api/ensembles/" + id, Duration.ofMinutes(2));
        assertThat(e.get("status").asString()).as(e.toString()).isEqualTo("SUCCEEDED");
        assertThat(e.get("partial").asBoolean()).isTrue();
        assertThat(e.get("folds").toString()).isEqualTo("[0,1]");
        assertThat(e.get("rows").asInt()).isEqualTo(rowsOf(0).length + rowsOf(1).length).isLessThan(folds.length);
        assertThat(e.get("nestedCvF2").isNull()).isFalse(); // two common folds: nested CV runs
        assertThat(e.get("nestedCvSkipped").isNull()).isTrue();
        double wa = e.get("weights").get(0).get("weight").asDouble();
        double wb = e.get("weights").get(1).get("weight").asDouble();
        assertThat(e.get("oofF2").asDouble()).isCloseTo(directF2(List.of(0, 1), Map.of(a, wa, b, wb)), offset(1e-9));
        JsonNode whatIf = json(client.post("/api/ensembles/" + id + "/what-if", "application/json",
                toJson(Map.of("weights", List.of(wa, wb)))), 200);
        assertThat(whatIf.get("oofF2").asDouble()).isCloseTo(e.get("oofF2").asDouble(), offset(1e-12));
        JsonNode r = json(client.get("/api/ensembles/compare?experiments=" + a + "," + b), 200).get("correlation");
        assertThat(r.get(0).get(1).asDouble()).isBetween(0.1, 0.95); // over the common folds' values
        var page = client.get("/ensembles/" + id);
        assertThat(page.body()).contains("id=\"blend-folds\"", "Partial blend", "0, 1");
        String yaml = client.get("/api/ensembles/" + id + "/ensemble.yml").body();
        assertThat(yaml).contains("level1_train_pb_f1_").doesNotContain("_f2_");
        JsonNode imported = json(client.post("/api/ensembles/import?name=part-again&dataset=part", "application/yaml",
                yaml), 201); // a partial file stays partial: the folds its entries name
        assertThat(imported.get("folds").toString()).isEqualTo("[0,1]");
        assertThat(imported.get("partial").asBoolean()).isTrue();
        assertThat(imported.get("oofF2").asDouble()).isCloseTo(e.get("oofF2").asDouble(), offset(1e-12));

        // the submission: per member, the mean over folds 0 and 1 of (p - threshold); fold 2 of pb is not used
        long sub = json(client.post("/api/ensembles/" + id + "/submissions", "application/json", "{}"), 201)
                .get("id").asLong();
        JsonNode done = await("/api/submissions/" + sub, Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("folds").toString()).isEqualTo("[0,1]");
        assertThat(done.get("partial").asBoolean()).isTrue();
        assertThat(done.get("experiment").isNull()).isTrue();
        assertThat(csvLabels(sub)).isEqualTo(expectedLabels(Map.of(a, wa, b, wb), List.of(a, b), List.of(0, 1)));
    }

    // guards: one common fold blends, with nested CV skipped and the reason given instead of a number
    @Test
    void aBlendOfOneCommonFoldSkipsNestedCvAndSaysWhy() throws Exception {
        long id = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "part-bc", "dataset", "part", "experiments", List.of(b, c), "method", "greedy"))), 201)
                .get("id").asLong();
        JsonNode e = await("/api/ensembles/" + id, Duration.ofMinutes(2));
        assertThat(e.get("status").asString()).as(e.toString()).isEqualTo("SUCCEEDED");
        assertThat(e.get("folds").toString()).isEqualTo("[2]");
        assertThat(e.get("rows").asInt()).isEqualTo(rowsOf(2).length);
        assertThat(e.get("nestedCvF2").isNull()).isTrue();
        assertThat(e.get("nestedCvSkipped").asString()).contains("at least 2 folds");
        double wb = e.get("weights").get(0).get("weight").asDouble();
        double wc = e.get("weights").get(1).get("weight").asDouble();
        assertThat(e.get("oofF2").asDouble()).isCloseTo(directF2(List.of(2), Map.of(b, wb, c, wc)), offset(1e-9));
    }

    // guards: members sharing no fold are a 422 naming experiments and each member's folds
    @Test
    void membersWithNoCommonFoldAreRejected() throws Exception {
        JsonNode problem = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "part-ac", "dataset", "part", "experiments", List.of(a, c), "method", "greedy"))), 422);
        assertThat(problem.get("field").asString()).isEqualTo("experiments");
        assertThat(problem.get("detail").asString()).contains("experiment " + a + " has folds [0, 1]",
                "experiment " + c + " has folds [2]");
    }

    // guards: an experiment with 2 of 5 folds finished submits the mean of those folds' test predictions, thresholded
    @Test
    void anExperimentSubmissionBlendsItsFinishedFolds() throws Exception {
        JsonNode created = json(client.post("/api/experiments/" + a + "/submissions", "application/json", "{}"), 201);
        assertThat(created.get("experiment").asLong()).isEqualTo(a);
        JsonNode done = await("/api/submissions/" + created.get("id").asLong(), Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("folds").toString()).isEqualTo("[0,1]");
        assertThat(done.get("partial").asBoolean()).isTrue();
        assertThat(done.get("oofF2").asDouble()).isCloseTo(directF2(List.of(0, 1), Map.of(a, 1.0)), offset(1e-9));
        assertThat(csvLabels(done.get("id").asLong())).isEqualTo(expectedLabels(Map.of(a, 1.0), List.of(a), List.of(0, 1)));
        JsonNode ledger = json(client.get("/api/submissions"), 200);
        assertThat(ledger.findValues("experiment").stream().filter(n -> !n.isNull()).map(JsonNode::asLong))
                .contains(a);
        assertThat(client.get("/experiments/" + a).body()).contains("id=\"submit-folds\""); // the page's button
        assertThat(client.get("/submissions").body()).contains("partial: folds 0,1");
        JsonNode ensemble = json(client.get("/api/ensembles/" + done.get("ensemble").asLong()), 200);
        assertThat(ensemble.get("status").asString()).isEqualTo("EXPERIMENT");
        assertThat(ensemble.get("weights").get(0).get("weight").asDouble()).isEqualTo(1.0);
        assertThat(ensemble.get("folds").toString()).isEqualTo("[0,1]");
    }

    // guards: an unknown experiment is a 404, one without a finished fold a 422, a bad body a 400 leaving nothing behind
    @Test
    void experimentSubmissionsRejectWhatCannotBeSubmitted() throws Exception {
        json(client.post("/api/experiments/987654/submissions", "application/json", "{}"), 404);
        long none = importModel("pnone", foldsNpy, 0.3, 9, List.of());
        JsonNode problem = json(client.post("/api/experiments/" + none + "/submissions", "application/json", "{}"), 422);
        assertThat(problem.get("field").asString()).isEqualTo("experiment");
        int ensembles = json(client.get("/api/ensembles"), 200).size();
        JsonNode combine = json(client.post("/api/experiments/" + b + "/submissions", "application/json",
                "{\"combine\": \"gmean\"}"), 400);
        assertThat(combine.get("field").asString()).isEqualTo("combine");
        JsonNode tuned = json(client.post("/api/experiments/" + b + "/submissions", "application/json",
                "{\"thresholds\": \"tuned\"}"), 422);
        assertThat(tuned.get("field").asString()).isEqualTo("thresholds");
        assertThat(json(client.get("/api/ensembles"), 200).size()).isEqualTo(ensembles);
    }

    /** Sample-averaged F2 of sum_m w_m x_m > 0 over the rows of the given folds (x = p - fold threshold). */
    private static double directF2(List<Integer> useFolds, Map<Long, Double> weights) {
        double sum = 0;
        int n = 0;
        for (int fold : useFolds) {
            int[] rows = rowsOf(fold);
            for (int i = 0; i < rows.length; i++) {
                int tp = 0;
                int predicted = 0;
                for (int k = 0; k < classes; k++) {
                    double s = 0;
                    for (Map.Entry<Long, Double> w : weights.entrySet()) {
                        s += w.getValue() * OOF.get(w.getKey()).get(fold)[i * classes + k];
                    }
                    if (s > 0) {
                        predicted++;
                        int label = k;
                        tp += Arrays.stream(labels[rows[i]]).anyMatch(l -> l == label) ? 1 : 0;
                    }
                }
                int fn = labels[rows[i]].length - tp;
                // F2 = 5 tp / (5 tp + 4 fn + fp)
                sum += tp == 0 ? 0 : 5.0 * tp / (5.0 * tp + 4 * fn + (predicted - tp));
                n++;
            }
        }
        return sum / n;
    }

    /** Per test row the label columns with sum_m (w_m / F) sum_f (p_mf - 0) > 0, as the reference blends. */
    private static List<List<Integer>> expectedLabels(Map<Long, Double> weights, List<Long> order, List<Integer> useFolds) {
        List<List<Integer>> out = new ArrayList<>();
        for (int r = 0; r < testRows; r++) {
            List<Integer> row = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                double s = 0;
                for (long m : order) {
                    double scale = weights.get(m) / useFolds.size();
                    for (int fold : useFolds) {
                        s += scale * (TEST.get(m).get(fold)[r * classes + k] - 0.0);
                    }
                }
                if (s > 0) {
                    row.add(k);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** The CSV's predicted labels as column indices of labels.csv, in test order. */
    private List<List<Integer>> csvLabels(long submission) throws Exception {
        List<String> ids = Files.readAllLines(temp.resolve("part-imet/labels.csv")).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList();
        List<String> lines = client.get("/api/submissions/" + submission + "/submission.csv").body().lines().toList();
        assertThat(lines).hasSize(testRows + 1);
        List<List<Integer>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String attrs = line.split(",", -1)[1];
            out.add(attrs.isEmpty() ? List.of() : Arrays.stream(attrs.split(" ")).map(ids::indexOf).sorted().toList());
        }
        return out;
    }

    /**
     * Imports a model with OOF (+0.3 on true labels, -0.3 elsewhere, plus noise) and test predictions for every fold,
     * then deletes the stored OOF of the folds not in {@code keep}, as if those folds were still training.
     */
    private long importModel(String model, byte[] foldsNpy, double noise, long seed, List<Integer> keep) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        Map<Integer, float[]> oof = new HashMap<>();
        Map<Integer, float[]> test = new HashMap<>();
        int numFolds = 0;
        for (byte f : folds) {
            numFolds = Math.max(numFolds, f + 1);
        }
        for (int fold = 0; fold < numFolds; fold++) {
            int[] rows = rowsOf(fold);
            float[] values = new float[rows.length * classes];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < classes; j++) {
                    values[i * classes + j] = (float) (-0.3 + noise * gaussian(random));
                }
                for (int label : labels[rows[i]]) {
                    values[i * classes + label] += 0.6f;
                }
            }
            float[] t = new float[testRows * classes];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) (noise * gaussian(random));
            }
            oof.put(fold, exactInFloat16(values));
            test.put(fold, exactInFloat16(t));
            files.put(Level1FileName.ofTrain(model, fold, 3, 0.6).fileName(), Npy.writeFloat32(oof.get(fold), rows.length, classes));
            files.put("level1_test_" + model + "_f" + fold + "_e03_0.6000.npy", Npy.writeFloat32(test.get(fold), testRows, classes));
        }
        long id = json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "part"), "files",
                files), 201).get("id").asLong();
        for (int fold = 0; fold < numFolds; fold++) {
            if (!keep.contains(fold)) {
                jdbc.sql("DELETE FROM oof_predictions WHERE experiment_id = ? AND fold = ?").params(id, fold).update();
            }
        }
        OOF.put(id, oof);
        TEST.put(id, test);
        return id;
    }

    /** Multiples of 2^-10 within (-2, 2) are exact in float16, so the stored values equal these. */
    private static float[] exactInFloat16(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(Math.max(-1.9f, Math.min(1.9f, values[i])) * 1024f) / 1024f;
        }
        return out;
    }

    private static int[] rowsOf(int fold) {
        return java.util.stream.IntStream.range(0, folds.length).filter(r -> folds[r] == fold).toArray();
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

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: sqrt(-2 ln u1) cos(2 pi u2)
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static int[][] trainLabels(Path dir) throws Exception {
        List<String> all = Files.readAllLines(dir.resolve("labels.csv"));
        List<String> ids = all.subList(1, all.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
        List<String> rows = Files.readAllLines(dir.resolve("train.csv"));
        int[][] out = new int[rows.size() - 1][];
        for (int r = 1; r < rows.size(); r++) {
            String[] parts = rows.get(r).split(",", 2)[1].trim().split(" ");
            out[r - 1] = Arrays.stream(parts).mapToInt(ids::indexOf).toArray();
        }
        return out;
    }
}
