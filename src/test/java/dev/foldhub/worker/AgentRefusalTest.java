package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.errors.ProblemTypes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A remote agent's gateway against the real server over HTTP: only the lease-lost problem means "lease lost"; any
 * other refusal fails the job with the server's message (a stored config that no longer parses, a refused report,
 * a completion without the fold's stored result), and a job never succeeds past a refusal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.worker.poll-interval=200ms",
        "foldhub.worker.heartbeat-interval=1s"})
class AgentRefusalTest {

    private static final String CONFIG = """
            model:
              arch: resnet18
              input_size: 32
            train:
              batch_size: 16
              num_epochs: 1
            optimizer:
              name: adam
            """;

    @TempDir
    static Path temp;

    static Path datasetDir;

    static boolean registered;

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @Autowired
    JdbcTemplate jdbc;

    private HttpTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:refusal;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        datasetDir = temp.resolve("tiny-imet");
        new DemoDatasetGenerator().generate(datasetDir, new DemoSpec(60, 5, 32, 5L));
    }

    @BeforeEach
    void connect() throws Exception {
        client = new HttpTestClient(port);
        // each test leases only its own job: finish whatever an earlier test left queued
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
        if (!registered) {
            registered = true;
            json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"tiny\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
        }
    }

    // guards item 4: a config that parsed when stored but no longer does (edited in the database, or a stricter
    // version) fails its job through a remote agent with the parser's message within a minute, on its first attempt;
    // before, the task call was a 500 the agent retried for ever while its heartbeat kept the lease
    @Test
    void aStoredConfigThatNoLongerParsesFailsItsJobWithThatMessageWithinAMinute() throws Exception {
        long[] created = createExperiment("corrupted");
        jdbc.update("UPDATE experiments SET config = ? WHERE id = ?", CONFIG.replace("batch_size: 16", "batch_size: -3"),
                created[0]);
        WorkerAgent agent = new WorkerAgent(new AgentProperties("http://localhost:" + port, workerToken("corrupt"), "cpu:1",
                "agent-corrupt", temp.resolve("work-corrupt"), null, Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofMinutes(5)), LoaderSettings.defaults());
        long start = System.nanoTime();
        agent.start();
        try {
            Job failed = await(Duration.ofMinutes(1), () -> {
                Job job = queue.get(created[1]);
                return job.state().isFinished() ? job : null;
            });
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.error()).contains("(422)").contains("train.batch_size: must be");
            assertThat(failed.attempts()).as("failed on its first attempt, not reaped").isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
        } finally {
            agent.stop();
        }
    }

    // guards item 4: the task of a stored config that no longer parses is a 422 naming the key, never a 500
    @Test
    void theTaskOfAStoredConfigThatNoLongerParsesIs422NamingTheKey() throws Exception {
        long[] created = createExperiment("corrupted-task");
        jdbc.update("UPDATE experiments SET config = ? WHERE id = ?", "model: [", created[0]);
        HttpTestClient worker = client.as(workerToken("task"));
        json(worker.post("/api/agent/workers", "application/json", "{\"name\": \"box-task\", \"devices\": [{\"kind\": "
                + "\"CPU\", \"index\": 0, \"memoryMb\": 0}]}"), 200);
        JsonNode leased = json(worker.post("/api/agent/workers/box-task/lease", "application/json",
                "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}"), 200);
        String job = "/api/agent/workers/box-task/jobs/" + leased.get("id").asLong();

        JsonNode problem = json(worker.get(job + "/task?lease=" + leased.get("lease").asLong()), 422);
        assertThat(problem.get("field").asString()).isEqualTo("config");
        assertThat(problem.path("type").asString("about:blank")).isNotEqualTo(ProblemTypes.LEASE_LOST.toString());
        // a stale lease is the lease-lost problem, the only one an agent reads as "stop, report nothing"
        HttpResponse<String> stale = worker.post(job + "/heartbeat?lease=" + (leased.get("lease").asLong() - 1),
                "application/json", "{}");
        assertThat(json(stale, 409).get("type").asString()).isEqualTo(ProblemTypes.LEASE_LOST.toString());
    }

    // guards issue 15: an epoch an agent reports over HTTP keeps its validation loss (the JSON field valLoss), and
    // one from an agent of an older build (valLoss null) is stored without one rather than refused
    @Test
    void anEpochReportedOverHttpKeepsItsValidationLoss() throws Exception {
        long[] created = createExperiment("val-loss");
        HttpWorkerGateway gateway = gateway("val-loss");
        gateway.register(new Registration("box-val-loss", List.of(DeviceSlot.cpu(0))));
        LeasedJob job = gateway.lease("box-val-loss", DeviceSlot.cpu(0)).orElseThrow();
        assertThat(job.id()).isEqualTo(created[1]);

        gateway.reportEpoch(job, new EpochStats(1, 0.5, 0.4, 0.2, 0.001, 1.0, 10.0, 0.3, 0.125));
        gateway.reportEpoch(job, new EpochStats(2, 0.4, 0.5, 0.2, 0.001, 1.0, 10.0, 0.3));
        JsonNode epochs = await(Duration.ofSeconds(30), () -> { // reports are sent in the background
            JsonNode stored = json(get("/api/experiments/" + created[0] + "/folds/0/epochs"), 200);
            return stored.size() == 2 ? stored : null;
        });
        assertThat(epochs.get(0).get("valLoss").asDouble()).isEqualTo(0.125);
        assertThat(epochs.get(1).path("valLoss").isNumber()).as("no valLoss reported, none stored").isFalse();
    }

    // guards item 5: a report the server refuses fails the job with the server's message; the fold's result and
    // its completion, which the server would take, are not sent after it (before: dropped, and the job SUCCEEDED)
    @Test
    void aRefusedReportFailsTheJobInsteadOfLettingItSucceed() throws Exception {
        long[] created = createExperiment("refused-report");
        HttpWorkerGateway gateway = gateway("refused");
        gateway.register(new Registration("box-refused", List.of(DeviceSlot.cpu(0))));
        LeasedJob job = gateway.lease("box-refused", DeviceSlot.cpu(0)).orElseThrow();
        assertThat(job.id()).isEqualTo(created[1]);
        TrainTask task = gateway.trainTask(job);

        gateway.reportEpoch(job, new EpochStats(0, 0.5, 0.4, 0.2, 0.001, 1.0, 10.0, 0.3)); // epoch 0: refused
        // the job thread learns of the refusal at its next report, and stops there
        await(Duration.ofSeconds(30), () -> {
            try {
                gateway.reportEpoch(job, epoch(1));
                return null;
            } catch (RequestRejectedException e) {
                return e;
            }
        });
        FoldOutcome outcome = outcome(job, gateway, task);
        assertThatThrownBy(() -> gateway.uploadFold(job, outcome)).isInstanceOf(RequestRejectedException.class);
        gateway.complete(job); // what WorkerLoop sends if the runner got that far: the outbox fails the job instead
        gateway.flush(job);

        Job failed = queue.get(job.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("the server refused epoch 0").contains("epoch: must be at least 1");
        assertThat(client.get("/api/experiments/" + created[0] + "/folds/0/epochs").body()).doesNotContain("\"epoch\":1");
        assertThat(client.getBytes("/api/experiments/" + created[0] + "/folds/0/oof.npy").statusCode()).isNotEqualTo(200);
    }

    // guards item 5: completing a TRAIN_FOLD job without its stored result is refused with the result-missing
    // problem and leaves the job running; the agent then fails it with that message. With the result, it succeeds.
    @Test
    void completingAFoldWithoutItsStoredResultIsRefusedAndTheAgentFailsTheJob() throws Exception {
        long[] first = createExperiment("no-result");
        HttpWorkerGateway gateway = gateway("no-result");
        gateway.register(new Registration("box-result", List.of(DeviceSlot.cpu(0))));
        LeasedJob job = gateway.lease("box-result", DeviceSlot.cpu(0)).orElseThrow();
        String path = "/api/agent/workers/box-result/jobs/" + job.id() + "/complete?lease=" + job.lease();
        HttpTestClient worker = client.as(token);

        JsonNode problem = json(worker.post(path, "application/json", "{}"), 409);
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.RESULT_MISSING.toString());
        assertThat(problem.get("detail").asString()).contains("has no stored result");
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.RUNNING);

        gateway.complete(job);
        gateway.flush(job);
        Job failed = queue.get(first[1]);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("the server refused completion").contains("has no stored result");

        // the same calls with the fold's result stored first: SUCCEEDED, and a retried completion is a no-op
        long[] second = createExperiment("with-result");
        LeasedJob next = gateway.lease("box-result", DeviceSlot.cpu(0)).orElseThrow();
        assertThat(next.id()).isEqualTo(second[1]);
        gateway.uploadFold(next, outcome(next, gateway, gateway.trainTask(next)));
        gateway.complete(next);
        gateway.complete(next);
        gateway.flush(next);
        assertThat(queue.get(next.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(client.getBytes("/api/experiments/" + second[0] + "/folds/0/oof.npy").statusCode()).isEqualTo(200);
    }

    private String token;

    private HttpWorkerGateway gateway(String name) throws Exception {
        token = workerToken(name);
        return new HttpWorkerGateway("http://localhost:" + port, token, temp.resolve("work-" + name),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** A finished fold of the right shape: a best checkpoint file and uniform OOF probabilities. */
    private static FoldOutcome outcome(LeasedJob job, HttpWorkerGateway gateway, TrainTask task) throws IOException {
        Path checkpoint = Files.write(gateway.workDir(job).resolve("model_f0_e01_0.5000.params"), new byte[] {1, 2, 3});
        int rows = task.validation().size();
        float[] oof = new float[rows * task.numClasses()];
        java.util.Arrays.fill(oof, 0.5f);
        return new FoldOutcome(1, 0.5, 0.2, oof, rows, task.numClasses(), List.of(epoch(1)), checkpoint);
    }

    private static EpochStats epoch(int epoch) {
        return new EpochStats(epoch, 0.5, 0.4, 0.2, 0.001, 1.0, 10.0, 0.3);
    }

    /** Creates an experiment of one fold; returns its id and its job's id. */
    private long[] createExperiment(String name) throws Exception {
        JsonNode created = json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=0", "application/yaml",
                CONFIG), 201);
        return new long[] {created.get("id").asLong(), created.get("jobIds").get(0).asLong()};
    }

    private java.net.http.HttpResponse<String> get(String path) {
        try {
            return client.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String workerToken(String name) throws Exception {
        return json(client.post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "-" + System.nanoTime() + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }

    private static <T> T await(Duration timeout, Supplier<T> poll) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
