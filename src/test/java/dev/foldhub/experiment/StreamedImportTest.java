package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Float16;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.F2Score;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.errors.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The streamed import (headers checked first, then each file read from its stream into float16 inside one
 * transaction): the same stored values as reading the whole file (float16 of value + threshold, float32 and float64
 * files), the pooled F2 from what is stored, and a file that ends early midway stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class StreamedImportTest {

    @TempDir
    static Path temp;

    private static final int TEST_IMAGES = 10;
    private static final double T0 = 0.125;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ExperimentImport importer;

    @Autowired
    OofStore oofStore;

    @Autowired
    DatasetService datasets;

    private static long datasetId;
    private static byte[] foldsNpy;
    private static byte[] folds;
    private static int labels;
    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:streamed-import;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(120, TEST_IMAGES, 16, 5L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId == 0) {
            JsonNode dataset = json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"streamed\", \"path\": \"" + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            datasetId = dataset.get("id").asLong();
            labels = dataset.get("numLabels").asInt();
            foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
            folds = Npy.readUint8(foldsNpy);
        }
    }

    @Test
    void streamedFilesAreStoredAsFloat16OfValuePlusThresholdAndScoredFromWhatIsStored() throws Exception {
        Map<Integer, float[]> centered = new LinkedHashMap<>();
        Map<String, byte[]> files = upload("exact", 11, centered, true);
        JsonNode view = json(client.postMultipart("/api/experiments/import", Map.of("name", "exact", "dataset", "streamed"),
                "files", files), 201);
        long id = view.get("id").asLong();

        int[][] trainLabels = datasets.table(datasetId).trainLabels();
        double f2Sum = 0;
        for (int fold = 0; fold < numFolds(); fold++) {
            float t = (float) threshold(fold);
            float[] stored = oofStore.find(id, fold).orElseThrow().probabilities();
            float[] values = centered.get(fold);
            for (int i = 0; i < values.length; i++) { // bit for bit what whole-file reading stored: half(v + t)
                assertThat(stored[i]).isEqualTo(Float16.toFloat(Float16.fromFloat(values[i] + t)));
            }
            int[][] foldLabels = Arrays.stream(rowsOf(fold)).mapToObj(r -> trainLabels[r]).toArray(int[][]::new);
            float[] storedCentered = oofStore.find(id, fold).orElseThrow().centered();
            f2Sum += F2Score.sampleAveraged(storedCentered, foldLabels, labels, 0.0) * foldLabels.length;
        }
        // the pooled F2 as the whole-matrix path computes it from the stored predictions
        assertThat(view.get("oofF2").asDouble()).isCloseTo(f2Sum / folds.length, within(1e-12));
    }

    @Test
    void aFileCutShortOverHttpIsA400NamingItAndStoresNothing() throws Exception {
        Map<String, byte[]> files = upload("cut", 12, new LinkedHashMap<>(), false);
        String name = trainName("cut", 2);
        files.put(name, Arrays.copyOf(files.get(name), files.get(name).length - 10));
        long experiments = count("experiments");
        long oof = count("oof_predictions");
        JsonNode problem = json(client.postMultipart("/api/experiments/import",
                Map.of("name", "cut", "dataset", "streamed"), "files", files), 400);
        assertThat(problem.get("field").asString()).isEqualTo(name);
        assertThat(problem.get("detail").asString()).contains("truncated data");
        assertThat(count("experiments")).isEqualTo(experiments);
        assertThat(count("oof_predictions")).isEqualTo(oof);
    }

    @Test
    void aThresholdFileOverOneMegabyteOrAFoldsFileLargerThanItsRowsIsA400NamingItAndIsNotRead() throws Exception {
        Map<String, byte[]> files = upload("big", 15, new LinkedHashMap<>(), false);
        byte[] yml = ("threshold: 0.1\n" + "#".repeat((int) Level1Files.MAX_THRESHOLD_FILE_BYTES)).getBytes(StandardCharsets.UTF_8);
        files.put("big_f2_e03.yml", yml);
        long experiments = count("experiments");
        JsonNode problem = json(client.postMultipart("/api/experiments/import",
                Map.of("name", "big", "dataset", "streamed"), "files", files), 400);
        assertThat(problem.get("field").asString()).isEqualTo("big_f2_e03.yml");
        assertThat(count("experiments")).isEqualTo(experiments);

        Map<String, byte[]> hugeFolds = upload("big", 15, new LinkedHashMap<>(), false);
        hugeFolds.put("folds.npy", Arrays.copyOf(foldsNpy, folds.length + Npy.MAX_HEADER_BYTES + 1));
        JsonNode foldsProblem = json(client.postMultipart("/api/experiments/import",
                Map.of("name", "big", "dataset", "streamed"), "files", hugeFolds), 400);
        assertThat(foldsProblem.get("field").asString()).isEqualTo("folds.npy");
        assertThat(foldsProblem.get("detail").asString()).contains("at most");
        assertThat(count("experiments")).isEqualTo(experiments);
    }

    @Test
    void aFileEndingEarlyWhileStoredRollsBackEveryFoldAndLeavesOtherExperimentsAsTheyWere() throws Exception {
        long earlier = json(client.postMultipart("/api/experiments/import", Map.of("name", "kept", "dataset", "streamed"),
                "files", upload("kept", 13, new LinkedHashMap<>(), true)), 201).get("id").asLong();
        List<byte[]> earlierRows = storedBytes(earlier);
        long experiments = count("experiments");
        long oof = count("oof_predictions");
        long tests = count("test_predictions");

        // fold 3's size is unknown to the check before storing, so its end is found while folds 0..2 are stored
        Map<String, byte[]> files = upload("midway", 14, new LinkedHashMap<>(), true);
        String broken = trainName("midway", 3);
        List<UploadedFile> uploads = new ArrayList<>();
        files.forEach((fileName, bytes) -> {
            if (fileName.equals(broken)) {
                byte[] cut = Arrays.copyOf(bytes, bytes.length - 6);
                uploads.add(new UploadedFile(fileName, -1, () -> new ByteArrayInputStream(cut)));
            } else {
                uploads.add(UploadedFile.of(fileName, bytes));
            }
        });
        assertThatThrownBy(() -> importer.importLevel1("midway", "streamed", uploads))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(broken);
                    assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.MALFORMED); // shown as a 400
                    assertThat(e.getMessage()).contains("truncated data");
                });
        assertThat(count("experiments")).isEqualTo(experiments);
        assertThat(count("oof_predictions")).isEqualTo(oof);
        assertThat(count("test_predictions")).isEqualTo(tests);
        assertThat(count("fold_results WHERE experiment_id NOT IN (SELECT id FROM experiments)")).isZero();
        List<byte[]> after = storedBytes(earlier);
        assertThat(after).hasSameSizeAs(earlierRows);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).isEqualTo(earlierRows.get(i));
        }
    }

    /** folds.npy, one level1_train file per fold (fold 1 as float64), thresholds of folds 0 and 1, a test file */
    private static Map<String, byte[]> upload(String model, long seed, Map<Integer, float[]> centered, boolean test) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < numFolds(); fold++) {
            int rows = rowsOf(fold).length;
            float[] values = random(random, rows * labels);
            centered.put(fold, values);
            files.put(trainName(model, fold), fold == 1 ? float64(values, rows, labels)
                    : Npy.writeFloat32(values, rows, labels));
        }
        files.put(model + "_f0_e05.yml", ("threshold: " + T0 + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(model + "_f1_e04.yml", "threshold: 0.3\n".getBytes(StandardCharsets.UTF_8));
        if (test) {
            files.put("level1_test_" + model + "_f0_e05_0.6000.npy",
                    Npy.writeFloat32(random(random, TEST_IMAGES * labels), TEST_IMAGES, labels));
        }
        return files;
    }

    /** a little-endian float64 .npy of the values (exactly representable: float widened) */
    private static byte[] float64(float[] values, int rows, int cols) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        ByteBuffer out = ByteBuffer.allocate(total + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        out.put((dict + " ".repeat(total - unpadded) + "\n").getBytes(StandardCharsets.US_ASCII));
        for (float v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    private static String trainName(String model, int fold) {
        return String.format(Locale.ROOT, "level1_train_%s_f%d_e%02d_%.4f.npy", model, fold, 5 - fold, 0.6 + fold / 100.0);
    }

    private static double threshold(int fold) {
        return fold == 0 ? T0 : fold == 1 ? 0.3 : 0.0;
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() - 0.7);
        }
        return values;
    }

    private static int[] rowsOf(int fold) {
        return java.util.stream.IntStream.range(0, folds.length).filter(r -> folds[r] == fold).toArray();
    }

    private static int numFolds() {
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        return k;
    }

    private List<byte[]> storedBytes(long experimentId) {
        List<byte[]> rows = new ArrayList<>(jdbc.sql("SELECT data FROM oof_predictions WHERE experiment_id = ? ORDER BY fold")
                .param(experimentId).query((rs, n) -> rs.getBytes(1)).list());
        rows.addAll(jdbc.sql("SELECT data FROM test_predictions WHERE experiment_id = ? ORDER BY fold")
                .param(experimentId).query((rs, n) -> rs.getBytes(1)).list());
        return rows;
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
