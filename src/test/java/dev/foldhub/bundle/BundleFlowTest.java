package dev.foldhub.bundle;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Through HTTP: 2 tiny models on 2 folds, blended and submitted on the server; the ensemble's bundle.zip unzipped into
 * an empty folder and its predict.sh run in a separate JVM (the bundle's jlink'ed runtime where the JDK has jmods)
 * writes the server's submission.csv byte for byte; then the bundle's 4xx.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class BundleFlowTest {

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
              num_epochs: 2
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
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:bundles;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards the test: unzipped into an empty folder, no server, its submission.csv is the server's, byte for byte
    @Test
    void theBundlesOfflinePredictWritesTheServersSubmissionByteForByte() throws Exception {
        client = new HttpTestClient(port);
        Path dir = temp.resolve("bundle-imet");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(120, 24, 32, 17L));
        json(client.post("/api/datasets", "application/json",
                "{\"name\": \"bundle-ds\", \"path\": \"" + dir.toAbsolutePath() + "\"}"), 201);
        byte[] folds = new byte[120];
        for (int i = 0; i < folds.length; i++) {
            folds[i] = (byte) (i % 2);
        }
        long datasetId = json(client.get("/api/datasets"), 200).get(0).get("id").asLong();
        assertThat(client.put("/api/datasets/" + datasetId + "/folds.npy", "application/octet-stream",
                Npy.writeUint8(folds)).statusCode()).isEqualTo(200);
        long a = json(client.post("/api/experiments?name=bundle-a&dataset=bundle-ds&folds=0,1", "application/yaml",
                CONFIG), 201).get("id").asLong();
        long b = json(client.post("/api/experiments?name=bundle-b&dataset=bundle-ds&folds=0,1", "application/yaml",
                CONFIG.replace("lr: 0.003", "lr: 0.002").replace("num_ttas: 1", "num_ttas: 2")), 201).get("id").asLong();
        await("/api/experiments/" + a, Duration.ofMinutes(6));
        await("/api/experiments/" + b, Duration.ofMinutes(6));
        long ensemble = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "bundled",
                "dataset", "bundle-ds", "experiments", List.of(a, b), "method", "greedy"))), 201).get("id").asLong();
        JsonNode blended = await("/api/ensembles/" + ensemble, Duration.ofMinutes(2));
        assertThat(blended.get("status").asString()).isEqualTo("SUCCEEDED");

        // the server's submission (its TEST_PREDICT jobs time the models: the bundle's expected run time)
        JsonNode created = json(client.post("/api/ensembles/" + ensemble + "/submissions", "application/json",
                "{\"combine\": \"mean\", \"thresholds\": \"postprocess\"}"), 201);
        JsonNode done = await("/api/submissions/" + created.get("id").asLong(), Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        byte[] server = client.getBytes("/api/submissions/" + created.get("id").asLong() + "/submission.csv").body();

        // the bundle with its defaults: members' own TTAs, mean, the ensemble's post-processing rule
        Path zip = temp.resolve("bundle.zip");
        HttpResponse<Path> download = HttpClient.newHttpClient().send(client.request("/api/ensembles/" + ensemble
                + "/bundle.zip?competition=imet-2019-fgvc6&dataset=my-bundle").build(),
                HttpResponse.BodyHandlers.ofFile(zip));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        Path unzipped = Files.createDirectories(temp.resolve("empty"));
        List<String> names = unzip(zip, unzipped);
        JsonNode manifest = JsonMapper.builder().build().readTree(Files.readString(unzipped.resolve("bundle.json")));
        assertThat(manifest.get("thresholds").asString()).isEqualTo("postprocess");
        assertThat(manifest.get("expected").get("seconds").asDouble()).isPositive();

        assertThat(names).contains("bundle.json", "predict.sh", "notebook.ipynb", "README.md", "ensemble.yml",
                "foldhub.jar", "members/" + a + "/config.yml", "members/" + a + "/fold_0.params",
                "members/" + b + "/fold_1.params");
        assertThat(names).anyMatch(n -> n.startsWith("lib/pytorch-native-cpu"))
                .anyMatch(n -> n.startsWith("lib/pytorch-jni"))
                .noneMatch(n -> n.startsWith("lib/spring-") || n.startsWith("lib/h2-") || n.startsWith("lib/tomcat"));
        assertThat(manifest.get("members").findValuesAsString("name")).hasSameElementsAs(List.of("bundle-a", "bundle-b"));
        assertThat(Files.readString(unzipped.resolve("notebook.ipynb")))
                .contains("!bash ../input/my-bundle/predict.sh --images ../input/imet-2019-fgvc6/test --out submission.csv");
        assertThat(Files.readString(unzipped.resolve("README.md"))).contains("Expected run time", "per 1000 images");
        boolean jmods = Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods"));
        assertThat(names.contains("runtime/bin/java")).as("a jlink'ed runtime exactly when the JDK has jmods")
                .isEqualTo(jmods);

        // no server needed: predict.sh in its own JVM (the bundle's runtime when there is one), in another folder
        Path work = Files.createDirectories(temp.resolve("working"));
        ProcessBuilder pb = new ProcessBuilder("bash", unzipped.resolve("predict.sh").toString(), "--images",
                dir.resolve("test").toString(), "--out", "submission.csv").directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("predict.log").toFile());
        // a fresh DJL cache (predict.sh's default under TMPDIR): the natives must come from the bundle's lib/
        pb.environment().put("TMPDIR", Files.createDirectories(temp.resolve("tmp")).toString());
        pb.environment().remove("DJL_CACHE_DIR");
        pb.environment().remove("ENGINE_CACHE_DIR");
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        if (!jmods) {
            pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                    + System.getenv("PATH"));
        }
        long start = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        String log = Files.readString(temp.resolve("predict.log"));
        System.out.printf("bundle.zip %.1f MB; offline predict %.1f s:%n%s%n", Files.size(zip) / 1e6,
                (System.nanoTime() - start) / 1e9, log);
        assertThat(finished).as(log).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        if (jmods) {
            assertThat(temp.resolve("tmp/foldhub-runtime/bin/java")).as("ran the bundle's runtime").isExecutable();
        }
        assertThat(Files.readAllBytes(work.resolve("submission.csv"))).as(log).isEqualTo(server);

        // the 4xx: unknown ensemble, bad parameters, a member without checkpoints (named)
        json(client.get("/api/ensembles/987654/bundle.zip"), 404);
        assertThat(json(client.get("/api/ensembles/" + ensemble + "/bundle.zip?ttas=0"), 400).get("field").asString())
                .isEqualTo("ttas");
        assertThat(json(client.get("/api/ensembles/" + ensemble + "/bundle.zip?competition=No%20Slug"), 400)
                .get("field").asString()).isEqualTo("competition");
        long external = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"bundle-ext\", \"dataset\": \"bundle-ds\", \"source\": \"external\"}"), 201)
                .get("id").asLong();
        for (int fold = 0; fold < 2; fold++) {
            HttpResponse<String> put = client.put("/api/experiments/" + external + "/folds/" + fold
                    + "/oof?threshold=0.5", "application/octet-stream", perfectOof(dir, fold));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        long mixed = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "mixed",
                "dataset", "bundle-ds", "experiments", List.of(a, external), "method", "greedy"))), 201).get("id").asLong();
        assertThat(await("/api/ensembles/" + mixed, Duration.ofMinutes(2)).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(json(client.get("/api/ensembles/" + mixed + "/bundle.zip"), 422).get("detail").asString())
                .contains("experiment " + external + " (bundle-ext) is imported or external");
        FileSystemUtils.deleteRecursively(temp.resolve("data/artifacts/experiments/" + b));
        JsonNode problem = json(client.get("/api/ensembles/" + ensemble + "/bundle.zip"), 422);
        assertThat(problem.get("detail").asString()).contains("experiment " + b + " (bundle-b) fold 0 has no checkpoint");
    }

    /** The exact labels of fold {@code fold}'s train rows (row i is in fold i % 2) as an OOF .npy. */
    private static byte[] perfectOof(Path dataset, int fold) throws Exception {
        List<String> labels = Files.readAllLines(dataset.resolve("labels.csv"));
        List<String> classes = labels.subList(1, labels.size()).stream().map(l -> l.split(",", -1)[0]).toList();
        List<String> train = Files.readAllLines(dataset.resolve("train.csv"));
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i + 1 < train.size(); i++) {
            if (i % 2 == fold) {
                float[] row = new float[classes.size()];
                for (String id : train.get(i + 1).split(",", -1)[1].trim().split(" ")) {
                    row[classes.indexOf(id)] = 1;
                }
                rows.add(row);
            }
        }
        float[] flat = new float[rows.size() * classes.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, flat, r * classes.size(), classes.size());
        }
        return Npy.writeFloat32(flat, rows.size(), classes.size());
    }

    private static List<String> unzip(Path zip, Path into) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target.startsWith(into)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
                names.add(e.getName());
            }
        }
        return names;
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
