package dev.foldhub.security;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Paths and file names users give never reach the file system unchecked: data set paths with "..",
 * image ids that are paths, uploaded file names with a directory, and checkpoint paths that are
 * absolute or leave the artifact directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class PathSafetyTest {

    @TempDir
    static Path temp;
    static long experimentId;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:path-safety;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
        registry.add("foldhub.datasets.roots", () -> temp.toString());
        registry.add("foldhub.models.roots", () -> temp.toString());
    }

    @BeforeAll
    static void dataSet() {
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(40, 10, 32, 3L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (experimentId == 0) {
            json(register("tiny", temp.resolve("tiny").toString()), 201);
            experimentId = json(client.post("/api/experiments?name=r18&dataset=tiny&folds=0", "application/yaml",
                    "model:\n  arch: resnet18\n  input_size: 32\n"), 201).get("id").asLong();
        }
    }

    @Test // guards: a data set path with a '..' segment is refused even when it names an existing directory
    void dataSetPathWithParentSegmentIs400() throws Exception {
        String sneaky = temp.resolve("tiny").toString() + "/../tiny";
        assertThat(Files.isDirectory(Path.of(sneaky))).isTrue();
        JsonNode problem = json(register("sneaky", sneaky), 400);
        assertThat(problem.get("field").asString()).isEqualTo("path");
        assertThat(problem.get("detail").asString()).contains("..");
        assertThat(json(register("relative", "tiny"), 400).get("field").asString()).isEqualTo("path");
    }

    @Test // guards: image ids in train.csv / sample_submission.csv become <id>.png: an id that is a path is refused
    void imageIdsThatArePathsAre400() throws Exception {
        for (String[] c : new String[][] {{"train.csv", "../../escape"}, {"sample_submission.csv", "/etc/passwd"}}) {
            Path copy = copyOfTiny("ids-" + c[0].charAt(0));
            List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve(c[0])));
            lines.set(1, c[1] + lines.get(1).substring(lines.get(1).indexOf(',')));
            Files.write(copy.resolve(c[0]), lines);
            JsonNode problem = json(register("ids-" + c[0].charAt(0), copy.toString()), 400);
            assertThat(problem.get("field").asString()).isEqualTo("path");
            assertThat(problem.get("detail").asString()).contains(c[0]).contains(c[1]);
        }
    }

    @Test // guards: an uploaded level1 file's name with a directory or '..' is refused, not cut to its last part
    void uploadedFileNamesWithDirectoriesAre400() throws Exception {
        for (String name : List.of("../folds.npy", "sub/level1_train_m_f0_e01_0.5000.npy", "/tmp/folds.npy",
                "..\\folds.npy")) {
            JsonNode problem = json(client.postMultipart("/api/experiments/import", Map.of("name", "m", "dataset", "tiny"),
                    "files", Map.of(name, new byte[] {1, 2, 3})), 400);
            assertThat(problem.get("field").asString()).as(name).isEqualTo("files");
            assertThat(problem.get("detail").asString()).contains(name);
        }
    }

    @Test // guards: a checkpoint is served only from a relative path inside the artifact directory
    void checkpointsOutsideTheArtifactDirectoryAreNotServed() throws Exception {
        Path artifacts = temp.resolve("data/artifacts");
        Files.createDirectories(artifacts.resolve("experiments/x"));
        Files.writeString(artifacts.resolve("experiments/x/ok.params"), "inside", StandardCharsets.UTF_8);
        Files.writeString(temp.resolve("data/secret.params"), "outside", StandardCharsets.UTF_8);

        checkpoint("experiments/x/ok.params");
        HttpResponse ok = download();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("inside");
        for (String stored : List.of("../secret.params", temp.resolve("data/secret.params").toString(),
                artifacts.resolve("experiments/x/ok.params").toAbsolutePath().toString(), "experiments/../../secret.params")) {
            checkpoint(stored);
            HttpResponse refused = download();
            assertThat(refused.status()).as(stored).isEqualTo(409);
            assertThat(refused.body()).doesNotContain("outside").doesNotContain("inside");
        }
    }

    @Test // guards: a data set path outside foldhub.datasets.roots is refused with the same words whether it exists or not
    void dataSetPathsOutsideTheRootsAreRefusedAlike() throws Exception {
        Path outside = Files.createTempDirectory("foldhub-outside-roots");
        try {
            new DemoDatasetGenerator().generate(outside.resolve("imet"), new DemoSpec(40, 10, 32, 3L));
            Path link = temp.resolve("link-to-outside");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, outside.resolve("imet"));
            List<String> details = new ArrayList<>();
            for (String path : List.of(outside.resolve("imet").toString(), outside.resolve("none").toString(),
                    "/no/such/dir", link.toString(), link.resolve("sub").toString())) {
                JsonNode problem = json(register("outside", path), 400);
                assertThat(problem.get("field").asString()).as(path).isEqualTo("path");
                details.add(problem.get("detail").asString());
            }
            assertThat(details).allSatisfy(d -> assertThat(d).isEqualTo("path: must be inside a directory listed in"
                    + " foldhub.datasets.roots"));
            assertThat(client.get("/api/datasets").body()).doesNotContain("\"outside\"");
        } finally {
            try (var files = Files.walk(outside)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test // guards: model.weights outside foldhub.models.roots is refused alike whether the file exists or not; inside, the usual checks
    void torchScriptWeightsOutsideTheRootsAreRefusedAlike() throws Exception {
        Path outside = Files.createTempFile("foldhub-outside-weights", ".pt");
        try {
            Files.write(outside, new byte[] {'P', 'K', 3, 4});
            List<String> details = new ArrayList<>();
            for (String weights : List.of(outside.toString(), outside + ".missing", "/etc/passwd", "/no/such/model.pt")) {
                JsonNode problem = json(client.post("/api/experiments?name=ts&dataset=tiny&folds=0", "application/yaml",
                        "model:\n  arch: torchscript\n  weights: " + weights + "\n  input_size: 32\n"), 400);
                assertThat(problem.get("field").asString()).as(weights).isEqualTo("model.weights");
                details.add(problem.get("detail").asString());
            }
            assertThat(details).allSatisfy(d -> assertThat(d).isEqualTo("model.weights: must be inside a directory listed"
                    + " in foldhub.models.roots"));
            JsonNode inside = json(client.post("/api/experiments?name=ts&dataset=tiny&folds=0", "application/yaml",
                    "model:\n  arch: torchscript\n  weights: " + temp.resolve("none.pt") + "\n  input_size: 32\n"), 400);
            assertThat(inside.get("detail").asString()).contains("no such file");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    record HttpResponse(int status, String body) {
    }

    private HttpResponse download() throws Exception {
        var response = client.get("/api/experiments/" + experimentId + "/folds/0/checkpoint");
        return new HttpResponse(response.statusCode(), response.body());
    }

    private void checkpoint(String stored) {
        jdbc.sql("DELETE FROM fold_results WHERE experiment_id = ?").param(experimentId).update();
        jdbc.sql("INSERT INTO fold_results (experiment_id, fold, job_id, best_epoch, best_f2, threshold, checkpoint, created_at)"
                        + " VALUES (?, 0, NULL, 1, 0.5, 0.1, ?, ?)")
                .params(experimentId, stored, Timestamp.from(Instant.now())).update();
    }

    private java.net.http.HttpResponse<String> register(String name, String path) throws Exception {
        return client.post("/api/datasets", "application/json",
                HttpTestClient.toJson(Map.of("name", name, "path", path)));
    }

    private static Path copyOfTiny(String name) throws Exception {
        Path copy = temp.resolve(name);
        try (var files = Files.walk(temp.resolve("tiny"))) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(temp.resolve("tiny").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return copy;
    }
}
