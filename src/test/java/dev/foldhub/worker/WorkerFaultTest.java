package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.JavaProcess;
import dev.foldhub.testsupport.ProcessRig;
import dev.foldhub.testsupport.TinyConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final String CONFIG = TinyConfigs.resnet18(EPOCHS);

    @TempDir
    static Path temp;

    static Path datasetDir;

    @BeforeAll
    static void generateDataSet() throws IOException {
        datasetDir = temp.resolve("tiny-imet");
        new DemoDatasetGenerator().generate(datasetDir, new DemoSpec(240, 10, 32, 11L));
    }

    @Test
    void aKilledWorkersFoldIsFinishedByAnotherWorkerWithEveryEpochRecordedOnce() throws Exception {
        try (ProcessRig rig = new ProcessRig(temp.resolve("kill"))) {
            Path dir = rig.dir();
            int port = ProcessRig.freePort();
            // a short heartbeat timeout, so the reaper requeues the dead worker's job within seconds
            startServer(rig, port, "15s", "server.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "killed", CONFIG);
            long experiment = created[0];

            Process first = startAgent(rig, port, "agent-a");
            rig.await(() -> ProcessRig.epochs(client, experiment).size() >= 2, Duration.ofMinutes(6), "two epochs of the first worker");
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9, in the middle of the fold
            int recordedBeforeKill = ProcessRig.epochs(client, experiment).size();
            boolean checkpointUploaded = Files.exists(dir.resolve("data/artifacts/experiments/" + experiment + "/fold_0/resume.ckpt"));

            startAgent(rig, port, "agent-b");
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));

            assertThat(done.get("status").asString()).as("the fold's outcome%s", rig.logs()).isEqualTo("SUCCEEDED");
            assertEpochsRecordedOnce(client, experiment);
            JsonNode job = json(client.get("/api/jobs/" + created[1]), 200);
            assertThat(job.get("workerId").asString()).isEqualTo("agent-b");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(checkpointUploaded).as("resume.ckpt uploaded before the kill").isTrue();
            assertThat(recordedBeforeKill).isGreaterThanOrEqualTo(2);
            // the second machine resumed from the checkpoint and the best epoch's parameters the first one uploaded
            String resumed = JavaProcess.read(agentLog(rig, "agent-b"));
            assertThat(resumed).contains("resuming").contains("epoch " + EPOCHS + ":").doesNotContain("fold 0 epoch 1:");
            assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/checkpoint").statusCode()).isEqualTo(200);
            try (var files = Files.list(dir.resolve("data/artifacts/experiments/" + experiment + "/fold_0"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .as("one best checkpoint is kept, the resume checkpoint is gone").hasSize(1).allMatch(f -> f.endsWith(".params"));
            }
        }
    }

    @Test
    void aServerRestartWhileAWorkerTrainsLosesNothing() throws Exception {
        try (ProcessRig rig = new ProcessRig(temp.resolve("restart"))) {
            int port = ProcessRig.freePort();
            // a long heartbeat timeout: the server's downtime (a slow start on a busy machine) must not requeue the job
            Process server = startServer(rig, port, "900s", "server-1.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "restarted", CONFIG);
            long experiment = created[0];
            startAgent(rig, port, "agent-r");
            rig.await(() -> ProcessRig.epochs(client, experiment).size() >= 1, Duration.ofMinutes(6), "the first epoch");

            server.destroy(); // SIGTERM: a clean stop of the server while the worker trains on
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stopped").isTrue();
            Thread.sleep(3000);
            startServer(rig, port, "900s", "server-2.log");
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));

            assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
            assertEpochsRecordedOnce(client, experiment);
            JsonNode job = json(client.get("/api/jobs/" + created[1]), 200);
            assertThat(job.get("attempts").asInt()).as("the job was never requeued").isEqualTo(1);
            assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/oof.npy").statusCode()).isEqualTo(200);
            assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/checkpoint").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWorkerStoppedBySigtermEndsItsEpochAndReleasesTheJobForTheNextWorkerAtOnce() throws Exception {
        try (ProcessRig rig = new ProcessRig(temp.resolve("sigterm"))) {
            int port = ProcessRig.freePort();
            // a long heartbeat timeout: only the worker's own release can requeue the job in time
            startServer(rig, port, "300s", "server.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "stopped", CONFIG);
            long experiment = created[0];
            Process first = startAgent(rig, port, "agent-s");
            rig.await(() -> ProcessRig.epochs(client, experiment).size() >= 1, Duration.ofMinutes(6), "the first epoch");

            first.destroy(); // SIGTERM
            assertThat(first.waitFor(4, TimeUnit.MINUTES)).as("agent stopped").isTrue();
            long jobId = created[1];
            JsonNode released = json(client.get("/api/jobs/" + jobId), 200);
            assertThat(released.get("state").asString()).isEqualTo("QUEUED");
            assertThat(JavaProcess.read(agentLog(rig, "agent-s"))).contains("released for another worker");

            startAgent(rig, port, "agent-t");
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));
            assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
            assertEpochsRecordedOnce(client, experiment);
            JsonNode job = json(client.get("/api/jobs/" + jobId), 200);
            assertThat(job.get("workerId").asString()).isEqualTo("agent-t");
            assertThat(job.get("attempts").asInt()).as("the clean release gave its attempt back").isEqualTo(1);
        }
    }

    private static void assertEpochsRecordedOnce(HttpTestClient client, long experiment) {
        assertThat(ProcessRig.epochs(client, experiment)).containsExactly(1, 2, 3, 4);
    }

    /** A server without the embedded worker, on H2 in the rig's directory, heartbeat every second. */
    private static Process startServer(ProcessRig rig, int port, String heartbeatTimeout, String log) throws Exception {
        return rig.startServer(port, List.of(), List.of(
                "--foldhub.worker.embedded=false",
                "--foldhub.worker.heartbeat-interval=1s",
                "--foldhub.worker.poll-interval=300ms",
                "--foldhub.queue.heartbeat-timeout=" + heartbeatTimeout,
                "--foldhub.queue.reap-interval=1s"), log);
    }

    private static Process startAgent(ProcessRig rig, int port, String name) throws Exception {
        return rig.startAgent(port, "http://localhost:" + port, name, List.of());
    }

    private static Path agentLog(ProcessRig rig, String name) {
        return rig.dir().resolve("agent-" + name + ".log");
    }
}
