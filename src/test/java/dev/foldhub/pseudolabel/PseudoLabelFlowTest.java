package dev.foldhub.pseudolabel;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.dataset.FoldSplit;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.security.ApiTokens;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Through HTTP: pseudo-labels from a submission of an imported experiment (OOF and test predictions of all 5 folds,
 * threshold 0.5, every value exact in float16). Expected counts are computed here from the generated matrices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class PseudoLabelFlowTest {

    private static final int TRAIN = 160;
    private static final int TEST = 40;

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Autowired
    DatasetService datasets;

    @Autowired
    ApiTokens tokens;

    private HttpTestClient client;
    private static long datasetId;
    private static byte[] foldsNpy;
    private static byte[] folds;
    private static int classes;
    private static long experiment;
    private static long submission;
    private static Map<String, byte[]> importedFiles;
    /** test[fold][r * classes + c]: the imported test probabilities (threshold 0.5) */
    private static float[][] test;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:pseudo;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() {
        new DemoDatasetGenerator().generate(temp.resolve("pl-imet"), new DemoSpec(TRAIN, TEST, 16, 5L));
    }

    @BeforeEach
    void importModelAndSubmit() throws Exception {
        client = new HttpTestClient(port);
        if (submission != 0) {
            return;
        }
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"pl\", \"path\": \"" + temp.resolve("pl-imet").toAbsolutePath() + "\"}"), 201);
        datasetId = dataset.get("id").asLong();
        classes = dataset.get("numLabels").asInt();
        foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        folds = Npy.readUint8(foldsNpy);
        importedFiles = modelFiles(5L);
        experiment = importModel("pl-model", "pl", foldsNpy);
        submission = json(client.post("/api/experiments/" + experiment + "/submissions", "application/json", "{}"), 201)
                .get("id").asLong();
        JsonNode done = await("/api/submissions/" + submission, Duration.ofMinutes(2));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
    }

    // guards: the preview counts images, labels, labels per image and histogram bins as computed by hand
    @Test
    void previewCountsWhatWouldBeAddedAsComputedByHand() throws Exception {
        Expected e = expected(0.7, 2);
        JsonNode p = json(client.get("/api/submissions/" + submission + "/pseudo-labels/preview?minConfidence=0.7"
                + "&maxLabelsPerImage=2"), 200);
        assertThat(p.get("dataset").asLong()).isEqualTo(datasetId);
        assertThat(p.get("testImages").asInt()).isEqualTo(TEST);
        assertThat(p.get("predictedLabels").asInt()).isEqualTo(e.predictedLabels);
        assertThat(p.get("images").asInt()).as(p.toString()).isEqualTo(e.images).isPositive();
        assertThat(p.get("labels").asInt()).isEqualTo(e.labels);
        assertThat(p.get("labelsPerImage").get("max").asInt()).isEqualTo(e.maxPerImage).isGreaterThan(2);
        assertThat(p.get("capped").get("images").asInt()).isEqualTo(e.images);
        assertThat(p.get("capped").get("labels").asInt()).isEqualTo(e.cappedLabels).isLessThan(e.labels);
        assertThat(p.get("capped").get("labelsPerImage").get("max").asInt()).isEqualTo(2);
        JsonNode bins = p.get("histogram").get("bins");
        assertThat(bins).hasSize(10);
        for (int b = 0; b < 10; b++) {
            assertThat(bins.get(b).get("count").asInt()).as("bin " + b).isEqualTo(e.binCounts[b]);
            assertThat(bins.get(b).get("kept").asInt()).as("bin " + b).isEqualTo(e.binKept[b]);
        }
        JsonNode uncapped = json(client.get("/api/submissions/" + submission + "/pseudo-labels/preview?minConfidence=0.7"), 200);
        assertThat(uncapped.get("capped").isNull()).isTrue();
        assertThat(uncapped.get("labels").asInt()).isEqualTo(e.labels);
        assertThat(client.get("/submissions").body()).contains("id=\"pseudo-form\"", "value=\"" + submission + "\"");
    }

    // guards: the new version is the parent's rows with their folds plus train-only test images; an experiment on it
    // validates on exactly the parent's rows: same split, same fold F2s and the same whole OOF as on the parent
    @Test
    void anExperimentOnTheNewVersionScoresExactlyTheParentsValidationRows() throws Exception {
        Expected e = expected(0.7, 2);
        JsonNode v = json(client.post("/api/submissions/" + submission + "/pseudo-labels", "application/json",
                toJson(Map.of("name", "pl-pseudo", "minConfidence", 0.7, "maxLabelsPerImage", 2))), 201);
        long versionId = v.get("datasetId").asLong();
        int registered = json(client.get("/api/datasets"), 200).size();
        assertThat(json(client.post("/api/submissions/" + submission + "/pseudo-labels", "application/json",
                toJson(Map.of("name", "pl-pseudo", "minConfidence", 0.7))), 409).get("field").asString())
                .isEqualTo("name"); // the name is taken: nothing more registered
        assertThat(json(client.get("/api/datasets"), 200).size()).isEqualTo(registered);
        assertThat(v.get("parentId").asLong()).isEqualTo(datasetId);
        assertThat(v.get("submission").asLong()).isEqualTo(submission);
        assertThat(v.get("minConfidence").asDouble()).isEqualTo(0.7);
        assertThat(v.get("maxLabelsPerImage").asInt()).isEqualTo(2);
        assertThat(v.get("images").asInt()).isEqualTo(e.images);
        assertThat(v.get("labels").asInt()).isEqualTo(e.cappedLabels);
        assertThat(v.get("numTrainImages").asInt()).isEqualTo(TRAIN + e.images);
        List<String> trainCsv = Files.readAllLines(Path.of(v.get("path").asString()).resolve("train.csv"));
        List<String> parentCsv = Files.readAllLines(temp.resolve("pl-imet/train.csv"));
        for (int r = 1; r <= TRAIN; r++) {
            assertThat(labelSet(trainCsv.get(r))).isEqualTo(labelSet(parentCsv.get(r)));
        }
        List<String> testIds = testIds();
        List<String> labelIds = labelIds();
        for (int i = 0; i < e.images; i++) { // each added row: a kept test image with its most confident labels
            String[] parts = trainCsv.get(TRAIN + 1 + i).split(",", -1);
            int r = testIds.indexOf(parts[0]);
            assertThat(Arrays.stream(parts[1].split(" ")).map(labelIds::indexOf).sorted().toList())
                    .isEqualTo(e.kept.get(r));
        }

        byte[] newFolds = Npy.readUint8(client.getBytes("/api/datasets/" + versionId + "/folds.npy").body());
        assertThat(Arrays.copyOf(newFolds, TRAIN)).isEqualTo(folds);
        for (int r = TRAIN; r < newFolds.length; r++) {
            assertThat(Byte.toUnsignedInt(newFolds[r])).isEqualTo(FoldAssignment.TRAIN_ONLY);
        }
        FoldAssignment parent = datasets.defaultFolds(datasetId);
        FoldAssignment child = datasets.defaultFolds(versionId);
        assertThat(child.numFolds()).isEqualTo(parent.numFolds());
        for (int fold = 0; fold < parent.numFolds(); fold++) {
            FoldSplit split = child.split(fold);
            assertThat(split.validation()).isEqualTo(parent.split(fold).validation());
            assertThat(split.train()).hasSize(parent.split(fold).train().length + e.images);
            assertThat(Arrays.stream(split.validation()).allMatch(row -> row < TRAIN)).isTrue();
        }

        // the same OOF files imported on the new version: same fold F2s, OOF F2 and whole OOF as on the parent
        long onVersion = importModel("pl-model-v", "pl-pseudo",
                client.getBytes("/api/datasets/" + versionId + "/folds.npy").body());
        JsonNode a = json(client.get("/api/experiments/" + experiment), 200);
        JsonNode b = json(client.get("/api/experiments/" + onVersion), 200);
        assertThat(b.get("folds").findValuesAsString("bestF2")).isEqualTo(a.get("folds").findValuesAsString("bestF2"));
        assertThat(b.get("oofF2").asDouble()).isEqualTo(a.get("oofF2").asDouble());
        byte[] parentOof = client.getBytes("/api/experiments/" + experiment + "/oof.npy").body();
        byte[] versionOof = client.getBytes("/api/experiments/" + onVersion + "/oof.npy").body();
        assertThat(Npy.readFloat2d(versionOof).rows()).isEqualTo(TRAIN);
        assertThat(versionOof).isEqualTo(parentOof);
    }

    // guards: a fold trained on the new version reads the test images through train/ and validates on the parent's rows
    @Test
    void aFoldTrainsOnTheNewVersionAndValidatesOnTheParentsRows() throws Exception {
        JsonNode v = json(client.post("/api/submissions/" + submission + "/pseudo-labels", "application/json",
                toJson(Map.of("name", "pl-train", "minConfidence", 0.6))), 201);
        assertThat(v.get("maxLabelsPerImage").isNull()).isTrue();
        long id = json(client.post("/api/experiments?name=pl-trained&dataset=pl-train&folds=0", "application/yaml", """
                model:
                  arch: resnet18
                  input_size: 32
                train:
                  batch_size: 16
                  num_epochs: 1
                optimizer:
                  name: adam
                  params:
                    lr: 0.003
                loss:
                  name: binary_cross_entropy
                """), 201).get("id").asLong();
        JsonNode done = await("/api/experiments/" + id, Duration.ofMinutes(5));
        assertThat(done.get("folds").get(0).get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("folds").get(0).get("bestF2").isNull()).isFalse();
        byte[] oof = client.getBytes("/api/experiments/" + id + "/folds/0/oof.npy").body();
        assertThat(Npy.readFloat2d(oof).rows()).isEqualTo(datasets.defaultFolds(datasetId).rowsOf(0).length);
    }

    // guards: bad fields are 400s naming them, an unknown submission 404, a viewer 403; nothing is registered
    @Test
    void badRequestsAreRejectedNamingTheField() throws Exception {
        String path = "/api/submissions/" + submission + "/pseudo-labels";
        int before = json(client.get("/api/datasets"), 200).size();
        assertThat(json(client.post(path, "application/json", "{\"minConfidence\": 0.5}"), 400)
                .get("field").asString()).isEqualTo("name");
        assertThat(json(client.post(path, "application/json", "{\"name\": \"x\", \"minConfidence\": 0}"), 400)
                .get("field").asString()).isEqualTo("minConfidence");
        assertThat(json(client.post(path, "application/json", "{\"name\": \"x\", \"minConfidence\": 1.5}"), 400)
                .get("field").asString()).isEqualTo("minConfidence");
        assertThat(json(client.post(path, "application/json", "{\"name\": \"x\"}"), 400)
                .get("field").asString()).isEqualTo("minConfidence");
        assertThat(json(client.post(path, "application/json",
                "{\"name\": \"x\", \"minConfidence\": 0.5, \"maxLabelsPerImage\": 0}"), 400)
                .get("field").asString()).isEqualTo("maxLabelsPerImage");
        assertThat(json(client.get(path + "/preview?minConfidence=-1"), 400).get("field").asString())
                .isEqualTo("minConfidence");
        assertThat(json(client.get(path + "/preview?minConfidence=0.5&maxLabelsPerImage=0"), 400)
                .get("field").asString()).isEqualTo("maxLabelsPerImage");
        json(client.post("/api/submissions/987654/pseudo-labels", "application/json",
                "{\"name\": \"x\", \"minConfidence\": 0.5}"), 404);
        json(client.get("/api/submissions/987654/pseudo-labels/preview?minConfidence=0.5"), 404);
        assertThat(json(client.post(path, "application/json", "{\"name\": \"x\", \"minConfidence\": 1}"), 422)
                .get("field").asString()).isEqualTo("minConfidence"); // no confidence reaches 1: nothing to add
        String viewer = tokens.create("pl-viewer", "viewer", null, "test").token();
        assertThat(client.as(viewer).post(path, "application/json", "{\"name\": \"x\", \"minConfidence\": 0.5}")
                .statusCode()).isEqualTo(403);
        assertThat(client.as(viewer).get(path + "/preview?minConfidence=0.5").statusCode()).isEqualTo(200);
        assertThat(json(client.get("/api/datasets"), 200).size()).isEqualTo(before);
    }

    /** What the pseudo-labels at minConfidence (and the cap) must be, from the imported test matrices. */
    private static Expected expected(double minConfidence, int cap) {
        Expected e = new Expected();
        for (int r = 0; r < TEST; r++) {
            List<float[]> confident = new ArrayList<>(); // {confidence, class}
            for (int c = 0; c < classes; c++) {
                double sum = 0;
                for (float[] f : test) {
                    sum += f[r * classes + c];
                }
                double score = sum - test.length * 0.5; // predicted where the mean of (p - 0.5) is above 0
                if (score <= 0) {
                    continue;
                }
                float q = (float) (sum / test.length);
                e.predictedLabels++;
                int bin = Math.min(9, (int) Math.floor(q * 10));
                e.binCounts[bin]++;
                if (q >= (float) minConfidence) {
                    confident.add(new float[] {q, c});
                }
            }
            if (confident.isEmpty()) {
                continue;
            }
            e.images++;
            e.labels += confident.size();
            e.maxPerImage = Math.max(e.maxPerImage, confident.size());
            confident.sort((x, y) -> x[0] != y[0] ? Float.compare(y[0], x[0]) : Float.compare(x[1], y[1]));
            List<Integer> kept = new ArrayList<>();
            for (float[] k : confident.subList(0, Math.min(cap, confident.size()))) {
                kept.add((int) k[1]);
                e.binKept[Math.min(9, (int) Math.floor(k[0] * 10))]++;
            }
            e.cappedLabels += kept.size();
            e.kept.put(r, kept.stream().sorted().toList());
        }
        return e;
    }

    private static final class Expected {
        int predictedLabels;
        int images;
        int labels;
        int cappedLabels;
        int maxPerImage;
        final int[] binCounts = new int[10];
        final int[] binKept = new int[10];
        final Map<Integer, List<Integer>> kept = new LinkedHashMap<>();
    }

    /**
     * OOF (+0.5 on true labels, about -0.2 elsewhere) and test predictions for all folds, threshold 0.5 (a .yml each); test
     * values: mostly well below 0.5, one in six above it, multiples of 2^-10 so float16 stores them exactly.
     */
    private static Map<String, byte[]> modelFiles(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] labels = trainLabels();
        Map<String, byte[]> files = new LinkedHashMap<>();
        int numFolds = 0;
        for (byte f : folds) {
            numFolds = Math.max(numFolds, f + 1);
        }
        test = new float[numFolds][];
        int testRows = testIds().size();
        for (int fold = 0; fold < numFolds; fold++) {
            int f = fold;
            int[] rows = IntStream.range(0, folds.length).filter(r -> folds[r] == f).toArray();
            float[] oof = new float[rows.length * classes];
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < classes; c++) {
                    oof[i * classes + c] = exact(-0.3 + 0.2 * random.nextDouble());
                }
                for (int label : labels[rows[i]]) {
                    oof[i * classes + label] += 0.5f;
                }
            }
            float[] centered = new float[testRows * classes];
            test[fold] = new float[centered.length];
            for (int i = 0; i < centered.length; i++) {
                boolean high = (i * 7 + 3) % 6 == 0;
                centered[i] = exact(high ? 0.02 + 0.45 * random.nextDouble() : -0.45 + 0.4 * random.nextDouble());
                test[fold][i] = centered[i] + 0.5f;
            }
            files.put(Level1FileName.ofTrain("pl", fold, 3, 0.5).fileName(), Npy.writeFloat32(oof, rows.length, classes));
            files.put("level1_test_pl_f" + fold + "_e03_0.5000.npy", Npy.writeFloat32(centered, testRows, classes));
            files.put("pl_f" + fold + "_e03.yml", "threshold: 0.5\n".getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private long importModel(String name, String dataset, byte[] foldsFile) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsFile);
        files.putAll(importedFiles);
        return json(client.postMultipart("/api/experiments/import", Map.of("name", name, "dataset", dataset), "files",
                files), 201).get("id").asLong();
    }

    /** a multiple of 2^-10 inside (-0.49, 0.49): exact in float16, and so is 0.5 plus it */
    private static float exact(double v) {
        return Math.round(Math.max(-0.49, Math.min(0.49, v)) * 1024) / 1024f;
    }

    private static List<String> testIds() throws Exception {
        return Files.readAllLines(temp.resolve("pl-imet/sample_submission.csv")).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList();
    }

    private static List<String> labelIds() throws Exception {
        return Files.readAllLines(temp.resolve("pl-imet/labels.csv")).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList();
    }

    private static Set<String> labelSet(String line) {
        String[] parts = line.split(",", -1);
        Set<String> out = new HashSet<>(Arrays.asList(parts[1].split(" ")));
        out.add("id=" + parts[0]);
        return out;
    }

    private static int[][] trainLabels() throws Exception {
        List<String> ids = labelIds();
        List<String> rows = Files.readAllLines(temp.resolve("pl-imet/train.csv"));
        int[][] out = new int[rows.size() - 1][];
        for (int r = 1; r < rows.size(); r++) {
            out[r - 1] = Arrays.stream(rows.get(r).split(",", 2)[1].trim().split(" ")).mapToInt(ids::indexOf)
                    .distinct().toArray();
        }
        return out;
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
