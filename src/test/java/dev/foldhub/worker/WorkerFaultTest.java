package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.JavaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Faults with real processes: a server and separate worker agents (java ... FoldhubApplication worker, the jar's
 * classes on the test classpath), on an H2 file database. A killed worker's fold is finished by another worker;
 * a server restart under a training worker loses nothing. Epochs are each recorded exactly once.
 */
class WorkerFaultTest {

    private static final int EPOCHS = 4;
    private static final String CONFIG = """
            model:
              arch: resnet18
              input_size: 32
            train:
              batch_size: 16
              num_epochs: %d
            optimizer:
              name: adam
              params:
                lr: 0.001
            loss:
              name: binary_cross_entropy
            test:
              num_ttas: 1
            """.formatted(EPOCHS);

    @TempDir
    static Path temp;

    static Path datasetDir;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void generateDataSet() throws IOException {
        datasetDir = temp.resolve("tiny-imet");
        new DemoDatasetGenerator().generate(datasetDir, new DemoSpec(240, 10, 32, 11L));
    }

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledWorkersFoldIsFinishedByAnotherWorkerWithEveryEpochRecordedOnce() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("kill"));
        int port = freePort();
        // a short heartbeat timeout, so the reaper requeues the dead worker's job within seconds
        startServer(port, dir, "15s", dir.resolve("server.log"));
        HttpTestClient client = new HttpTestClient(port);
        long[] created = createExperiment(client, "killed");
        long experiment = created[0];

        Process first = startAgent(port, "agent-a", dir.resolve("agent-a.log"), dir.resolve("work-a"));
        await(() -> epochs(client, experiment) >= 2, Duration.ofMinutes(6), "two epochs of the first worker", dir);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9, in the middle of the fold
        int recordedBeforeKill = epochs(client, experiment);
        boolean checkpointUploaded = Files.exists(dir.resolve("data/artifacts/experiments/" + experiment + "/fold_0/resume.ckpt"));

        Path secondLog = dir.resolve("agent-b.log");
        startAgent(port, "agent-b", secondLog, dir.resolve("work-b"));
        JsonNode done = awaitExperiment(client, experiment, Duration.ofMinutes(8), dir);

        assertThat(done.get("status").asString()).as("the fold's outcome%s", logs(dir)).isEqualTo("SUCCEEDED");
        assertEpochsRecordedOnce(client, experiment);
        JsonNode job = json(client.get("/api/jobs/" + created[1]), 200);
        assertThat(job.get("workerId").asString()).isEqualTo("agent-b");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(checkpointUploaded).as("resume.ckpt uploaded before the kill").isTrue();
        assertThat(recordedBeforeKill).isGreaterThanOrEqualTo(2);
        // the second machine resumed from the checkpoint and the best epoch's parameters the first one uploaded
        String resumed = JavaProcess.read(secondLog);
        assertThat(resumed).contains("resuming").contains("epoch " + EPOCHS + ":").doesNotContain("fold 0 epoch 1:");
        assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/checkpoint").statusCode()).isEqualTo(200);
        try (var files = Files.list(dir.resolve("data/artifacts/experiments/" + experiment + "/fold_0"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("one best checkpoint is kept, the resume checkpoint is gone").hasSize(1).allMatch(f -> f.endsWith(".params"));
        }
    }

    @Test
    void aServerRestartWhileAWorkerTrainsLosesNothing() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("restart"));
        int port = freePort();
        // a long heartbeat timeout: the server's downtime (a slow start on a busy machine) must not requeue the job
        Process server = startServer(port, dir, "900s", dir.resolve("server-1.log"));
        HttpTestClient client = new HttpTestClient(port);
        long[] created = createExperiment(client, "restarted");
        long experiment = created[0];
        startAgent(port, "agent-r", dir.resolve("agent.log"), dir.resolve("work"));
        await(() -> epochs(client, experiment) >= 1, Duration.ofMinutes(6), "the first epoch", dir);

        server.destroy(); // SIGTERM: a clean stop of the server while the worker trains on
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stopped").isTrue();
        Thread.sleep(3000);
        startServer(port, dir, "900s", dir.resolve("server-2.log"));
        JsonNode done = awaitExperiment(client, experiment, Duration.ofMinutes(8), dir);

        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertEpochsRecordedOnce(client, experiment);
        JsonNode job = json(client.get("/api/jobs/" + created[1]), 200);
        assertThat(job.get("attempts").asInt()).as("the job was never requeued").isEqualTo(1);
        assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/oof.npy").statusCode()).isEqualTo(200);
        assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/checkpoint").statusCode()).isEqualTo(200);
    }

    @Test
    void aWorkerStoppedBySigtermEndsItsEpochAndReleasesTheJobForTheNextWorkerAtOnce() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("sigterm"));
        int port = freePort();
        // a long heartbeat timeout: only the worker's own release can requeue the job in time
        startServer(port, dir, "300s", dir.resolve("server.log"));
        HttpTestClient client = new HttpTestClient(port);
        long[] created = createExperiment(client, "stopped");
        long experiment = created[0];
        Path firstLog = dir.resolve("agent-s.log");
        Process first = startAgent(port, "agent-s", firstLog, dir.resolve("work-s"));
        await(() -> epochs(client, experiment) >= 1, Duration.ofMinutes(6), "the first epoch", dir);

        first.destroy(); // SIGTERM
        assertThat(first.waitFor(4, TimeUnit.MINUTES)).as("agent stopped").isTrue();
        long jobId = created[1];
        JsonNode released = json(client.get("/api/jobs/" + jobId), 200);
        assertThat(released.get("state").asString()).isEqualTo("QUEUED");
        assertThat(JavaProcess.read(firstLog)).contains("released for another worker");

        startAgent(port, "agent-t", dir.resolve("agent-t.log"), dir.resolve("work-t"));
        JsonNode done = awaitExperiment(client, experiment, Duration.ofMinutes(8), dir);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertEpochsRecordedOnce(client, experiment);
        JsonNode job = json(client.get("/api/jobs/" + jobId), 200);
        assertThat(job.get("workerId").asString()).isEqualTo("agent-t");
        assertThat(job.get("attempts").asInt()).as("the clean release gave its attempt back").isEqualTo(1);
    }

    private void assertEpochsRecordedOnce(HttpTestClient client, long experiment) throws Exception {
        JsonNode epochs = json(client.get("/api/experiments/" + experiment + "/folds/0/epochs"), 200);
        List<Integer> numbers = new ArrayList<>();
        epochs.forEach(e -> numbers.add(e.get("epoch").asInt()));
        assertThat(numbers).containsExactly(1, 2, 3, 4);
    }

    private Process startServer(int port, Path dir, String heartbeatTimeout, Path log) throws Exception {
        Process server = JavaProcess.start(List.of(), FoldhubApplication.class.getName(), List.of(
                "--server.port=" + port,
                "--foldhub.data-dir=" + dir.resolve("data"),
                "--foldhub.worker.embedded=false",
                "--foldhub.worker.heartbeat-interval=1s",
                "--foldhub.worker.poll-interval=300ms",
                "--foldhub.queue.heartbeat-timeout=" + heartbeatTimeout,
                "--foldhub.queue.reap-interval=1s"), log);
        processes.add(server);
        HttpTestClient client = new HttpTestClient(port);
        await(() -> {
            try {
                return client.get("/actuator/health").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofMinutes(8), "the server to start", dir);
        return server;
    }

    private Process startAgent(int port, String name, Path log, Path workDir) throws Exception {
        Process agent = JavaProcess.start(List.of("-Dai.djl.pytorch.num_threads=2"), FoldhubApplication.class.getName(),
                List.of("worker", "--server", "http://localhost:" + port, "--token", workerToken(port, name),
                        "--devices", "cpu:1", "--name", name,
                        "--work-dir", workDir.toString(), "--foldhub.agent.max-backoff=2s"), log);
        processes.add(agent);
        return agent;
    }

    /** A worker-role API token of its own for each agent, made by the admin as a team would (POST /api/tokens). */
    private static String workerToken(int port, String name) throws Exception {
        return json(new HttpTestClient(port).post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "-" + System.nanoTime() + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }

    /** Registers the data set and queues one fold; returns the experiment id and its job id. */
    private static long[] createExperiment(HttpTestClient client, String name) throws Exception {
        json(client.post("/api/datasets", "application/json",
                "{\"name\": \"tiny\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
        JsonNode created = json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=0", "application/yaml",
                CONFIG), 201);
        return new long[] {created.get("id").asLong(), created.get("jobIds").get(0).asLong()};
    }

    private static int epochs(HttpTestClient client, long experiment) {
        try {
            var response = client.get("/api/experiments/" + experiment + "/folds/0/epochs");
            return response.statusCode() == 200 ? json(response, 200).size() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static JsonNode awaitExperiment(HttpTestClient client, long experiment, Duration timeout, Path dir) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await(() -> {
            try {
                var response = client.get("/api/experiments/" + experiment);
                if (response.statusCode() != 200) {
                    return false;
                }
                last[0] = json(response, 200);
                return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(last[0].get("status").asString());
            } catch (Exception e) {
                return false;
            }
        }, timeout, "experiment " + experiment + " to finish", dir);
        return last[0];
    }

    /** Polls until the condition holds; on time-out fails with the processes' logs. */
    private static void await(BooleanSupplier condition, Duration timeout, String what, Path dir) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + logs(dir));
            }
            Thread.sleep(500);
        }
    }

    /** The end of every process log in {@code dir}, for a failure message. */
    private static String logs(Path dir) throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = JavaProcess.read(log);
                logs.append("\n--- ").append(log.getFileName()).append(" ---\n")
                        .append(text, Math.max(0, text.length() - 6000), text.length());
            }
        }
        return logs.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
