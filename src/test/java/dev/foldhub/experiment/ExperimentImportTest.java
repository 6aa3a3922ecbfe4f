package dev.foldhub.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.foldhub.testsupport.HttpTestClient;
import static dev.foldhub.testsupport.HttpTestClient.json;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Importing the reference's level1 files through HTTP: the happy path, exports, and every kind of bad upload. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class ExperimentImportTest {

    @TempDir
    static Path temp;

    private static final int TEST_IMAGES = 20;
    private HttpTestClient client;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static long datasetId;
    private static byte[] foldsNpy;
    private static byte[] folds;
    private static int labels;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:import;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(100, TEST_IMAGES, 16, 3L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId == 0) {
            JsonNode dataset = json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"imp\", \"path\": \"" + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            datasetId = dataset.get("id").asLong();
            labels = dataset.get("numLabels").asInt();
            foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
            folds = Npy.readUint8(foldsNpy);
        }
    }

    /** A model's upload: centered OOF values per fold (rows of the fold in train.csv order), thresholds of folds 0 and 1. */
    private static final class Upload {
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final Map<Integer, float[]> centered = new LinkedHashMap<>();

        Upload(String model, int k, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            files.put("folds.npy", foldsNpy);
            for (int fold = 0; fold < k; fold++) {
                float[] values = random(random, rowsOf(fold) * labels);
                centered.put(fold, values);
                files.put(trainName(model, fold), Npy.writeFloat32(values, rowsOf(fold), labels));
            }
            files.put(model + "_f0_e07.yml", "threshold: 0.1\nother: x\n".getBytes(StandardCharsets.UTF_8));
            files.put(model + "_f1_e03.yml", "threshold: 0.15\n".getBytes(StandardCharsets.UTF_8));
            files.put("level1_test_" + model + "_f0_e07_0.6100.npy",
                    Npy.writeFloat32(random(random, TEST_IMAGES * labels), TEST_IMAGES, labels));
        }

        static String trainName(String model, int fold) {
            return String.format(Locale.ROOT, "level1_train_%s_f%d_e%02d_%.4f.npy", model, fold, 7 - fold, 0.61 + fold / 100.0);
        }

        Upload with(Consumer<Map<String, byte[]>> change) {
            change.accept(files);
            return this;
        }
    }

    @Test
    void importedLevel1FilesBecomeAnImportedExperimentWhoseOofDownloadsBack() throws Exception {
        int k = numFolds();
        Upload upload = new Upload("se_resnext50", k, 1);
        JsonNode view = json(importFiles("sx50", upload), 201);
        long id = view.get("id").asLong();
        assertThat(view.get("status").asString()).isEqualTo("IMPORTED");
        assertThat(view.get("arch").asString()).isEqualTo("imported");
        assertThat(view.get("config").asString()).contains("se_resnext50");
        assertThat(view.get("folds")).hasSize(k);
        double scoreSum = 0;
        for (JsonNode fold : view.get("folds")) {
            int f = fold.get("fold").asInt();
            assertThat(fold.get("status").asString()).isEqualTo("IMPORTED");
            assertThat(fold.get("bestEpoch").asInt()).isEqualTo(7 - f);
            assertThat(fold.get("bestF2").asDouble()).isCloseTo(0.61 + f / 100.0, within(1e-9));
            assertThat(fold.get("threshold").asDouble()).isEqualTo(threshold(f));
            assertThat(fold.get("jobId").isNull()).isTrue();
            scoreSum += 0.61 + f / 100.0;
        }
        assertThat(view.get("cvMean").asDouble()).isCloseTo(scoreSum / k, within(1e-9));
        assertThat(view.get("oofF2").asDouble()).isBetween(0.0, 1.0);
        assertThat(json(client.get("/api/experiments/" + id), 200).get("status").asString()).isEqualTo("IMPORTED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_predictions WHERE experiment_id = ? AND num_ttas IS NULL")
                .param(id).query(Long.class).single()).isEqualTo(1);

        HttpResponse<byte[]> fold1 = client.getBytes("/api/experiments/" + id + "/folds/1/oof.npy");
        assertThat(fold1.statusCode()).isEqualTo(200);
        assertThat(fold1.headers().firstValue("Content-Disposition").orElseThrow())
                .contains(Upload.trainName("sx50", 1)); // the experiment's name, the file's epoch and score
        assertCloseToCentered(Npy.readFloat2d(fold1.body()).data(), upload.centered.get(1), threshold(1));

        HttpResponse<byte[]> whole = client.getBytes("/api/experiments/" + id + "/oof.npy");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).contains("level1_train_sx50_oof.npy");
        Npy.FloatMatrix all = Npy.readFloat2d(whole.body());
        assertThat(all.rows()).isEqualTo(folds.length);
        assertThat(all.cols()).isEqualTo(labels);
        int[] nextOfFold = new int[k];
        for (int row = 0; row < folds.length; row++) { // train.csv row order: the i-th row of fold f is fold f's row i
            int f = folds[row];
            float[] expected = upload.centered.get(f);
            int i = nextOfFold[f]++;
            for (int c = 0; c < labels; c++) {
                float v = expected[i * labels + c];
                assertThat(all.get(row, c)).isCloseTo(v, within((float) bound(v, threshold(f))));
            }
        }
    }

    @Test
    void everyKindOfBadUploadIsRejectedNamingTheFileAndStoresNothing() throws Exception {
        int k = numFolds();
        String fold0 = Upload.trainName("m", 0);
        String fold1 = Upload.trainName("m", 1);
        byte[] folds0 = new Upload("m", k, 2).files.get(fold0);
        rejected(new Upload("m", k, 2).with(f -> f.put("level1_train_m_fold0.npy", folds0)), 400, "level1_train_m_fold0.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put(fold1, "not numpy".getBytes(StandardCharsets.UTF_8))), 400, fold1);
        rejected(new Upload("m", k, 2).with(f -> f.put(fold1, Npy.writeFloat32(new float[(rowsOf(1) + 1) * labels],
                rowsOf(1) + 1, labels))), 422, fold1);
        rejected(new Upload("m", k, 2).with(f -> f.put(fold1, Npy.writeFloat32(new float[rowsOf(1) * (labels - 1)],
                rowsOf(1), labels - 1))), 422, fold1);
        rejected(new Upload("m", k, 2).with(f -> f.remove(Upload.trainName("m", k - 1))), 422, "files");
        rejected(new Upload("m", k, 2).with(f -> f.put("level1_train_m_f0_e99_0.7000.npy", folds0)), 422,
                "level1_train_m_f0_e99_0.7000.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put("level1_train_m_f" + k + "_e01_0.5000.npy", folds0)), 422,
                "level1_train_m_f" + k + "_e01_0.5000.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put("level1_test_other_f0_e01_0.5000.npy", folds0)), 422,
                "level1_test_other_f0_e01_0.5000.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put("level1_test_m_f1_e01_0.5000.npy", folds0)), 422,
                "level1_test_m_f1_e01_0.5000.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put("m_f2_e01.yml", "thresh: 0.1".getBytes(StandardCharsets.UTF_8))),
                400, "m_f2_e01.yml");
        rejected(new Upload("m", k, 2).with(f -> f.remove("folds.npy")), 400, "folds.npy");
        byte[] otherFolds = folds.clone();
        int a = 0;
        int b = 1;
        while (otherFolds[b] == otherFolds[a]) {
            b++;
        }
        otherFolds[a] = folds[b];
        otherFolds[b] = folds[a];
        rejected(new Upload("m", k, 2).with(f -> f.put("folds.npy", Npy.writeUint8(otherFolds))), 422, "folds.npy");
        rejected(new Upload("m", k, 2).with(f -> f.put("folds.npy", "junk".getBytes(StandardCharsets.UTF_8))), 400, "folds.npy");
    }

    @Test
    void aNameBreakingTheRulesIsA400() throws Exception {
        JsonNode problem = json(importFiles("no spaces", new Upload("m", numFolds(), 3)), 400);
        assertThat(problem.get("field").asString()).isEqualTo("name");
    }

    @Test
    void theWholeOofOfAnExperimentWithoutEveryFoldIsA409NamingTheMissingFolds() throws Exception {
        String config = "model:\n  arch: resnet18\n  input_size: 32\n";
        long id = json(client.post("/api/experiments?name=partial&dataset=imp&folds=0", "application/yaml", config), 201)
                .get("id").asLong();
        assertThat(json(client.get("/api/experiments/" + id + "/oof.npy"), 409).get("detail").asString()).contains("[0, 1");
    }

    private void rejected(Upload upload, int status, String field) throws Exception {
        long experiments = count("experiments");
        long oof = count("oof_predictions");
        long tests = count("test_predictions");
        JsonNode problem = json(importFiles("bad", upload), status);
        assertThat(problem.get("field").asString()).as(problem.toString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).startsWith(field + ": ");
        assertThat(count("experiments")).as("no experiment is stored: " + problem).isEqualTo(experiments);
        assertThat(count("oof_predictions")).isEqualTo(oof);
        assertThat(count("test_predictions")).isEqualTo(tests);
    }

    private static double threshold(int fold) {
        return fold == 0 ? 0.1 : fold == 1 ? 0.15 : 0.0;
    }

    /** float16 storage of v + t, then minus t: |error| <= max(2^-11 |v + t|, 2^-25), plus float32 rounding */
    private static double bound(float v, double t) {
        return Math.max(Math.abs(v + t) * 0x1p-11, 0x1p-25) + 1e-7;
    }

    private static void assertCloseToCentered(float[] actual, float[] expected, double t) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within((float) bound(expected[i], t)));
        }
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() - 0.6); // probability minus a threshold
        }
        return values;
    }

    private static int rowsOf(int fold) {
        int n = 0;
        for (byte f : folds) {
            n += f == fold ? 1 : 0;
        }
        return n;
    }

    private static int numFolds() {
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        return k;
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private HttpResponse<String> importFiles(String name, Upload upload) throws Exception {
        return client.postMultipart("/api/experiments/import", Map.of("name", name, "dataset", "imp"), "files", upload.files);
    }





}
