package dev.foldhub.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.foldhub.testsupport.HttpTestClient;
import static dev.foldhub.testsupport.HttpTestClient.json;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** A user's whole path through HTTP: register a data set, train 2 folds, read scores, download OOF; and bad inputs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms",
        "foldhub.worker.heartbeat-interval=1s"})
class ExperimentFlowTest {

    @TempDir
    static Path temp;

    static Path datasetDir;

    private HttpTestClient client;

    @LocalServerPort
    int port;

    @org.junit.jupiter.api.BeforeEach
    void connect() {
        client = new HttpTestClient(port);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:flow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        datasetDir = temp.resolve("tiny-imet");
        new DemoDatasetGenerator().generate(datasetDir, new DemoSpec(200, 20, 32, 7L));
    }

    private static final String CONFIG = """
            model:
              arch: resnet18
              input_size: 32
            train:
              batch_size: 32
              num_epochs: 2
            optimizer:
              name: adam
              params:
                lr: 0.001
            loss:
              name: binary_cross_entropy
            augmentations:
              hflip: true
            test:
              num_ttas: 2
            """;

    @Test
    void registerTrainTwoFoldsReadScoresAndDownloadOof() throws Exception {
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"tiny\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
        long datasetId = dataset.get("id").asLong();
        assertThat(dataset.get("numTrainImages").asInt()).isEqualTo(200);

        JsonNode created = json(client.post("/api/experiments?name=r18-tiny&dataset=tiny&folds=0,1", "application/yaml", CONFIG), 201);
        long id = created.get("id").asLong();
        assertThat(created.get("jobIds")).hasSize(2);

        JsonNode experiment = awaitFinished(id, Duration.ofMinutes(5));
        assertThat(experiment.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(experiment.get("folds")).hasSize(2);
        for (JsonNode fold : experiment.get("folds")) {
            assertThat(fold.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(fold.get("bestF2").asDouble()).isBetween(0.0, 1.0);
            assertThat(fold.get("threshold").asDouble()).isBetween(0.05, 0.25);
            assertThat(fold.get("bestEpoch").asInt()).isBetween(1, 2);
        }
        assertThat(experiment.get("cvMean").asDouble()).isPositive();
        assertThat(experiment.get("oofF2").asDouble()).isPositive();
        assertThat(experiment.get("datasetId").asLong()).isEqualTo(datasetId);

        JsonNode epochs = json(client.get("/api/experiments/" + id + "/folds/1/epochs"), 200);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(epochs.get(0).get("imagesPerSecond").asDouble()).isPositive();
        assertThat(epochs.get(0).get("lr").asDouble()).isEqualTo(0.001);
        assertThat(epochs.get(0).get("f2At05").isNumber()).as("F2 at threshold 0.5 next to the searched f2").isTrue();
        assertThat(epochs.get(1).get("f2At05").asDouble()).isBetween(0.0, 1.0);
        // issue 15: every trained epoch stores its validation loss (it was null)
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("valLoss").asDouble(-1)).isFinite().isPositive());

        HttpResponse<byte[]> checkpoint = client.getBytes("/api/experiments/" + id + "/folds/0/checkpoint");
        assertThat(checkpoint.statusCode()).isEqualTo(200);
        assertThat(checkpoint.headers().firstValue("Content-Disposition").orElseThrow())
                .matches(".*r18-tiny_f0_e0[12]_0\\.\\d{4}\\.params.*");
        assertThat(checkpoint.body().length).as("resnet18 parameters").isGreaterThan(40_000_000);
        assertThat(client.get("/api/experiments/" + id + "/folds/7/checkpoint").statusCode()).isEqualTo(404);

        JsonNode list = json(client.get("/api/experiments"), 200);
        assertThat(list.findValues("name").stream().map(JsonNode::asString)).contains("r18-tiny");

        HttpResponse<byte[]> oof = client.getBytes("/api/experiments/" + id + "/folds/0/oof.npy");
        assertThat(oof.statusCode()).isEqualTo(200);
        String disposition = oof.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).matches(".*level1_train_r18-tiny_f0_e0[12]_0\\.\\d{4}\\.npy.*");
        byte[] npy = oof.body();
        assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False");
        Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        assertThat(shape.find()).isTrue();
        int rows = Integer.parseInt(shape.group(1));
        int cols = Integer.parseInt(shape.group(2));
        byte[] folds = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        int foldZeroRows = 0;
        for (int i = folds.length - 200; i < folds.length; i++) {
            foldZeroRows += folds[i] == 0 ? 1 : 0;
        }
        assertThat(rows).isEqualTo(foldZeroRows);
        assertThat(cols).isEqualTo(dataset.get("numLabels").asInt());
        assertThat(npy.length).isEqualTo(10 + headerLength + rows * cols * 4);
    }

    @Test
    void malformedYamlIsA400NamingTheConfig() throws Exception {
        registerOnce();
        long jobsBefore = allJobs();
        JsonNode problem = json(client.post("/api/experiments?name=bad&dataset=tiny2", "application/yaml", "model: [unclosed"), 400);
        assertThat(problem.get("detail").asString()).startsWith("config");
        assertThat(allJobs()).as("nothing is queued for an invalid config").isEqualTo(jobsBefore);
    }

    @Test
    void anUnknownKeyIsA400NamingItsPath() throws Exception {
        registerOnce();
        JsonNode problem = json(client.post("/api/experiments?name=bad&dataset=tiny2", "application/yaml",
                CONFIG.replace("  batch_size: 32", "  batch_sise: 32")), 400);
        assertThat(problem.get("field").asString()).isEqualTo("train.batch_sise");
        assertThat(problem.get("detail").asString()).contains("train.batch_sise").contains("unknown");
    }

    @Test
    void aNonPositiveBatchSizeIsA400WithTheRule() throws Exception {
        registerOnce();
        JsonNode problem = json(client.post("/api/experiments?name=bad&dataset=tiny2", "application/yaml",
                CONFIG.replace("batch_size: 32", "batch_size: 0")), 400);
        assertThat(problem.get("detail").asString()).isEqualTo("train.batch_size: must be greater than 0");
    }

    @Test
    void aDataSetPathThatDoesNotExistIsA400() throws Exception {
        JsonNode problem = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"nowhere\", \"path\": \"" + temp.resolve("missing").toAbsolutePath() + "\"}"), 400);
        assertThat(problem.get("detail").asString()).contains("path");
    }

    @Test
    void theEmbeddedWorkerIsListedOnlineWithItsDevice() throws Exception {
        JsonNode workers = json(client.get("/api/workers"), 200);
        assertThat(workers).hasSize(1);
        String name = workers.get(0).get("id").asString();
        assertThat(name).startsWith("embedded-");
        assertThat(workers.get(0).get("kind").asString()).isEqualTo("embedded");
        // the dashboard's card of this server's embedded worker is headed with its per-process name
        HttpResponse<String> page = client.get("/workers");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h3>" + name + "</h3>");
        assertThat(workers.get(0).get("state").asString()).isEqualTo("ONLINE");
        assertThat(workers.get(0).get("devices").asString()).isEqualTo("cpu0");
        json(client.post("/api/workers/nobody/retire", "application/json", ""), 404);
    }

    @Test
    void theApiIsDescribedByOpenApiAndInfoShowsTheBuild() throws Exception {
        JsonNode api = json(client.get("/v3/api-docs"), 200);
        assertThat(api.get("info").get("title").asString()).isEqualTo("Foldhub API");
        assertThat(api.get("paths").has("/api/experiments/{id}/folds/{fold}/oof.npy")).isTrue();
        assertThat(client.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        JsonNode info = json(client.get("/actuator/info"), 200);
        assertThat(info.get("build").get("artifact").asString()).isEqualTo("foldhub");
        assertThat(info.get("build").get("version").asString()).isNotBlank();
        assertThat(info.get("git").get("commit").get("id").asString()).matches("[0-9a-f]{7,40}");
        client.get("/api/experiments"); // a request, so the HTTP server timer has a sample
        assertThat(client.get("/actuator/prometheus").body()).contains("foldhub_jobs")
                .contains("http_server_requests_seconds_count{").contains("uri=\"/api/experiments\"");
        JsonNode health = json(client.get("/actuator/health"), 200);
        assertThat(health.get("components").get("workers").get("details").get("online").asInt()).isEqualTo(1);
        assertThat(health.get("components").get("diskSpace").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("diskSpace").get("details").get("path").asString())
                .isEqualTo(temp.resolve("data/artifacts").toAbsolutePath().toString());
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void unknownIdsAre404ProblemDetails() throws Exception {
        JsonNode problem = json(client.get("/api/experiments/987654"), 404);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asString()).contains("987654");
        json(client.get("/api/jobs/987654"), 404);
        json(client.get("/api/datasets/987654"), 404);
    }

    @Test
    void anUnknownDataSetInASubmissionIsA400NamingDataset() throws Exception {
        JsonNode problem = json(client.post("/api/experiments?name=x&dataset=no-such-set", "application/yaml", CONFIG), 400);
        assertThat(problem.get("field").asString()).isEqualTo("dataset");
    }

    @Test
    void theJsonFormOfASubmissionWorksToo() throws Exception {
        registerOnce();
        String body = HttpTestClient.toJson(java.util.Map.of("name", "json-form", "dataset", "tiny2",
                "folds", java.util.List.of(0), "config", CONFIG));
        JsonNode created = json(client.post("/api/experiments", "application/json", body), 201);
        long id = created.get("id").asLong();
        JsonNode cancelled = json(client.post("/api/experiments/" + id + "/cancel", "application/json", ""), 200);
        assertThat(cancelled.get("folds")).hasSize(1);
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void keysTheTrainerDoesNotUseAreListedAsIgnoredKeysAndWarnedOnceEach(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        // guards issue 13 item 13: accepted-but-unused keys are in the 201 response and the log, never silent
        registerOnce();
        String config = CONFIG.replace("  num_epochs: 2\n", "  num_epochs: 2\n  min_lr: 0.0000003\n  csv: train.csv\n");
        JsonNode created = json(client.post("/api/experiments?name=ignored-keys&dataset=tiny2&folds=0",
                "application/yaml", config), 201);
        client.post("/api/experiments/" + created.get("id").asLong() + "/cancel", "application/json", "");
        assertThat(created.get("ignoredKeys").valueStream().map(JsonNode::asString)).containsExactly("train.min_lr", "train.csv");
        assertThat(output.getOut().split("experiment 'ignored-keys': train.min_lr is accepted but not used", -1)).hasSize(2);
        assertThat(output.getOut()).contains("experiment 'ignored-keys': train.csv is accepted but not used");
        JsonNode plain = json(client.post("/api/experiments?name=no-ignored-keys&dataset=tiny2&folds=0",
                "application/yaml", CONFIG), 201);
        client.post("/api/experiments/" + plain.get("id").asLong() + "/cancel", "application/json", "");
        assertThat(plain.get("ignoredKeys")).isEmpty();
    }

    @Test
    void accumBatchesNumAboveTheBatchesOfAPassIsA400NamingTheField() throws Exception {
        // guards issue 13 item 13: 200 images, 5 folds: 160 train a fold, 5 batches of 32; accumulating 6 took no step
        registerOnce();
        long jobsBefore = allJobs();
        JsonNode problem = json(client.post("/api/experiments?name=accum&dataset=tiny2&folds=0", "application/yaml",
                CONFIG.replace("  num_epochs: 2\n", "  num_epochs: 2\n  accum_batches_num: 6\n")), 400);
        assertThat(problem.get("field").asString()).isEqualTo("train.accum_batches_num");
        assertThat(problem.get("detail").asString()).contains("has only 5 batches");
        assertThat(allJobs()).as("nothing is queued").isEqualTo(jobsBefore);
    }

    private static boolean registered;

    private synchronized void registerOnce() throws Exception {
        if (!registered) {
            json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"tiny2\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
            registered = true;
        }
    }

    private long allJobs() throws Exception {
        return json(client.get("/api/jobs"), 200).size();
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
            Thread.sleep(500);
        }
    }




}
