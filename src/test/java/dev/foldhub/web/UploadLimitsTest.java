package dev.foldhub.web;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.StreamedUpload;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads are bounded per endpoint and checked before they are read: a worker upload under a lost or foreign lease
 * is refused without reading the body, a body over its endpoint's limit is cut off early (a 413 naming the limit),
 * and neither leaves a file behind or changes what was stored before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.uploads.max-model-size=256KB",
        "foldhub.uploads.max-resume-checkpoint-size=256KB"})
class UploadLimitsTest {

    private static final long TWO_GB = 2L << 30;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String OCTETS = "application/octet-stream";
    private static final AtomicLong SUBJECTS = new AtomicLong(5_000);
    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    @TempDir
    static Path temp;

    /** Where worker uploads are written until they are moved into place. */
    private static Path uploadsDir;

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    private HttpTestClient client;
    private StreamedUpload stream;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:uploadlimits;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        uploadsDir = temp.resolve("data/artifacts/uploads");
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(60, 4, 16, 3L));
    }

    @BeforeEach
    void connect() {
        client = new HttpTestClient(port);
        stream = new StreamedUpload(port, HttpTestClient.ADMIN_TOKEN);
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
    }

    // guards item 8: a worker's upload under a stale lease or for another worker's job is refused before its body is
    // read (a 2 GB chunked body is cut off at once) and leaves no file in the upload area or the fold directory
    @Test
    void anUploadUnderALostOrForeignLeaseIsRefusedUnreadAndLeavesNoFile() throws Exception {
        String job = leasedJob("box-lease");
        registerWorker("box-other");
        String stale = job.replaceFirst("lease=(\\d+)", "lease=" + (leaseOf(job) - 1));

        StreamedUpload.Result lost = stream.chunked("PUT", path(stale, "model") + "&name=m_f0_e01_0.5000.params", OCTETS, TWO_GB, BOUND);
        assertThat(lost.status()).isEqualTo(409);
        assertThat(lost.bytesSent()).as("the body was not read").isLessThan(256L << 20);
        StreamedUpload.Result foreign = stream.chunked("PUT", path(job.replace("box-lease", "box-other"), "checkpoint"),
                OCTETS, TWO_GB, BOUND);
        assertThat(foreign.status()).isEqualTo(403);
        StreamedUpload.Result oof = stream.chunked("PUT", path(stale, "oof")
                + "&epoch=1&threshold=0.1&f2=0.5&checkpoint=m_f0_e01_0.5000.params", OCTETS, TWO_GB, BOUND);
        assertThat(oof.status()).isEqualTo(409);
        for (StreamedUpload.Result r : new StreamedUpload.Result[] {lost, foreign, oof}) {
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(30));
        }

        assertThat(filesUnder(uploadsDir)).isEmpty();
        assertThat(filesUnder(foldDir(job))).isEmpty();
    }

    // guards item 8: a worker upload over its endpoint's limit, 2 GB streamed chunked, is a 413 naming the limit after
    // little more than the limit was read; it leaves no partial file, and the fold's stored file is unchanged
    @Test
    void aChunkedWorkerUploadOverItsLimitIs413EarlyAndKeepsTheStoredFile() throws Exception {
        String job = leasedJob("box-big");
        byte[] stored = {1, 2, 3, 4};
        assertThat(client.put(path(job, "model") + "&name=m_f0_e01_0.5000.params", OCTETS, stored).statusCode())
                .isEqualTo(204);

        StreamedUpload.Result model = stream.chunked("PUT", path(job, "model") + "&name=m_f0_e01_0.5000.params", OCTETS,
                TWO_GB, BOUND);
        assertThat(model.status()).isEqualTo(413);
        JsonNode problem = JsonMapper.builder().build().readTree(model.body());
        assertThat(problem.get("field").asString()).isEqualTo("model");
        assertThat(problem.get("limit").asString()).isEqualTo("foldhub.uploads.max-model-size");
        assertThat(model.bytesSent()).as("cut off near the 256 KB limit").isLessThan(256L << 20);
        assertThat(model.elapsed()).isLessThan(Duration.ofSeconds(30));

        StreamedUpload.Result declared = stream.declared("PUT", path(job, "checkpoint"), OCTETS, TWO_GB, 0, BOUND);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("foldhub.uploads.max-resume-checkpoint-size");

        HttpResponse<byte[]> back = client.getBytes(path(job, "model") + "&name=m_f0_e01_0.5000.params");
        assertThat(back.body()).containsExactly(stored);
        assertThat(filesUnder(uploadsDir)).isEmpty();
        assertThat(client.get(path(job, "checkpoint")).statusCode()).as("no resume checkpoint stored").isEqualTo(204);
    }

    // guards item 8 (and the fault matrix's agent killed mid-upload): a body whose client goes away halfway leaves no
    // partial file behind
    @Test
    void anUploadWhoseClientGoesAwayHalfwayLeavesNoPartialFile() throws Exception {
        String job = leasedJob("box-gone");
        StreamedUpload.Result cut = stream.declared("PUT", path(job, "model") + "&name=m_f0_e01_0.5000.params", OCTETS,
                200_000, 100_000, Duration.ofSeconds(10));
        assertThat(cut.status()).isNotEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!filesUnder(uploadsDir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(filesUnder(uploadsDir)).isEmpty();
        assertThat(filesUnder(foldDir(job))).isEmpty();
    }

    // guards item 8: PUT folds.npy reads at most train rows x 8 bytes + an npy header: 2 GB chunked is a 413 naming
    // folds.npy after little was read, and the data set's default folds are unchanged
    @Test
    void aFoldsNpyOverRowsTimesEightBytesIs413AndTheFoldsStay() throws Exception {
        long id = dataset("folds-limit");
        byte[] before = client.getBytes("/api/datasets/" + id + "/folds.npy").body();

        StreamedUpload.Result big = stream.chunked("PUT", "/api/datasets/" + id + "/folds.npy", OCTETS, TWO_GB, BOUND);
        assertThat(big.status()).isEqualTo(413);
        JsonNode problem = JsonMapper.builder().build().readTree(big.body());
        assertThat(problem.get("field").asString()).isEqualTo("folds.npy");
        assertThat(problem.get("limit").asString()).contains("train rows (60) x 8 bytes");
        assertThat(big.bytesSent()).isLessThan(256L << 20);
        assertThat(big.elapsed()).isLessThan(Duration.ofSeconds(30));

        assertThat(client.getBytes("/api/datasets/" + id + "/folds.npy").body()).containsExactly(before);
        assertThat(client.put("/api/datasets/" + id + "/folds.npy", OCTETS, before).statusCode()).isEqualTo(200);
    }

    // guards item 8: an ensemble YAML part over max-yaml-size is a 413 naming the part before it is read
    @Test
    void anEnsembleYamlPartOverMaxYamlSizeIs413NamingThePart() throws Exception {
        dataset("yaml-limit");
        byte[] yaml = ("# " + "x".repeat(70_000) + "\n").getBytes();
        JsonNode problem = json(client.postMultipart("/api/ensembles/import", Map.of("dataset", "yaml-limit"), "file",
                Map.of("ensemble.yml", yaml)), 413);
        assertThat(problem.get("field").asString()).isEqualTo("file");
        assertThat(problem.get("limit").asString()).isEqualTo("foldhub.limits.max-yaml-size");
        assertThat(json(client.get("/api/ensembles"), 200)).isEmpty();
    }

    private long dataset(String name) throws Exception {
        return json(client.post("/api/datasets", "application/json", "{\"name\": \"" + name + "\", \"path\": \""
                + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201).get("id").asLong();
    }

    private void registerWorker(String name) throws Exception {
        json(client.post("/api/agent/workers", "application/json", "{\"name\": \"" + name + "\", \"devices\": [" + CPU + "]}"), 200);
    }

    /** Registers a worker, queues a job and leases it: the job's URL prefix with ?lease=. */
    private String leasedJob(String worker) throws Exception {
        registerWorker(worker);
        queue.enqueue(JobKind.TRAIN_FOLD, SUBJECTS.incrementAndGet(), 0, 0);
        JsonNode leased = json(client.post("/api/agent/workers/" + worker + "/lease", "application/json", CPU), 200);
        return "/api/agent/workers/" + worker + "/jobs/" + leased.get("id").asLong() + "/?lease=" + leased.get("lease").asLong();
    }

    /** The fold directory of the job: artifacts/experiments/<subject>/fold_0 (subjects are counted per job). */
    private Path foldDir(String job) {
        long id = Long.parseLong(job.replaceAll(".*/jobs/(\\d+)/.*", "$1"));
        return temp.resolve("data/artifacts/experiments/" + queue.get(id).subjectId() + "/fold_0");
    }

    private static long leaseOf(String job) {
        return Long.parseLong(job.substring(job.indexOf("lease=") + 6));
    }

    private static String path(String job, String action) {
        return job.replace("/?lease=", "/" + action + "?lease=");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
