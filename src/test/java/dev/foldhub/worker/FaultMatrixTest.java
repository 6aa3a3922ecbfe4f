package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.CuttingProxy;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.JavaProcess;
import dev.foldhub.testsupport.PrivatePostgres;
import dev.foldhub.testsupport.ProcessRig;
import dev.foldhub.testsupport.TinyConfigs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The fault matrix with real processes, each bounded in time: kill -9 of the server (embedded worker) mid-fold on
 * PostgreSQL; a PostgreSQL crash and restart under a training agent and 20 MLflow clients; kill -9 of an agent in
 * the middle of an upload. docs/faults.md's table states what each of these guarantees.
 */
class FaultMatrixTest {

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

    // guards: kill -9 of the server while its embedded worker trains on PostgreSQL; the restarted server resumes the
    // fold from its checkpoint and every epoch is recorded exactly once
    @Test
    void aServerKilledMidFoldOnPostgresResumesTheFoldWithEveryEpochOnce() throws Exception {
        try (PrivatePostgres postgres = privatePostgres(); ProcessRig rig = new ProcessRig(temp.resolve("server-kill"))) {
            int port = ProcessRig.freePort();
            List<String> args = serverArgs(postgres, "15s", true);
            Process first = rig.startServer(port, List.of("-Dai.djl.pytorch.num_threads=2"), args, "server-1.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "killed-server", CONFIG);
            long experiment = created[0];
            rig.await(() -> ProcessRig.epochs(client, experiment).size() >= 2, Duration.ofMinutes(6), "two epochs");

            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-fold
            rig.startServer(port, List.of("-Dai.djl.pytorch.num_threads=2"), args, "server-2.log");
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));

            assertThat(done.get("status").asString()).as("the fold's outcome%s", rig.logs()).isEqualTo("SUCCEEDED");
            assertThat(ProcessRig.epochs(client, experiment)).containsExactly(1, 2, 3, 4);
            String restarted = JavaProcess.read(rig.dir().resolve("server-2.log"));
            assertThat(restarted).as("the restarted server resumed the fold").contains("resuming").doesNotContain("fold 0 epoch 1:");
            assertThat(client.getBytes("/api/experiments/" + experiment + "/folds/0/oof.npy").statusCode()).isEqualTo(200);
        }
    }

    // guards: a PostgreSQL crash and restart while a remote agent trains and 20 MLflow clients post log-batches:
    // after the outage no request gets a 5xx, every acknowledged metric is stored exactly once, the job finishes
    @Test
    void aPostgresRestartUnderTrainingAndMlflowClientsLosesNoAcknowledgedMetric() throws Exception {
        try (PrivatePostgres postgres = privatePostgres(); ProcessRig rig = new ProcessRig(temp.resolve("pg-restart"))) {
            int port = ProcessRig.freePort();
            rig.startServer(port, List.of(), serverArgs(postgres, "900s", false), "server.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "pg-restart", CONFIG);
            long experiment = created[0];
            rig.startAgent(port, "http://localhost:" + port, "agent-pg", List.of());
            rig.await(() -> ProcessRig.epochs(client, experiment).size() >= 1, Duration.ofMinutes(6), "the first epoch");

            String mlflowExperiment = json(client.post("/api/2.0/mlflow/experiments/create", "application/json",
                    "{\"name\": \"outage\"}"), 200).get("experiment_id").asString();
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(json(client.post("/api/2.0/mlflow/runs/create", "application/json",
                        "{\"experiment_id\": \"" + mlflowExperiment + "\"}"), 200).get("run").get("info").get("run_id").asString());
            }
            Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
            List<String> serverErrorsAfterOutage = new ArrayList<>();
            AtomicLong backUpAt = new AtomicLong(Long.MAX_VALUE);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(runs.size());
            List<Future<?>> loops = new ArrayList<>();
            for (String run : runs) {
                acknowledged.put(run, ConcurrentHashMap.newKeySet());
                loops.add(clients.submit(() -> {
                    long step = 0;
                    while (!stop.get()) {
                        long first = step;
                        step += 10;
                        long sentAt = System.nanoTime();
                        HttpResponse<String> response = logBatch(client, run, first, 10);
                        int status = response == null ? -1 : response.statusCode();
                        if (status == 200) {
                            for (long s = first; s < first + 10; s++) {
                                acknowledged.get(run).add(s);
                            }
                        } else if (status >= 500 && sentAt > backUpAt.get()) {
                            synchronized (serverErrorsAfterOutage) {
                                serverErrorsAfterOutage.add(run + " steps " + first + ", sent "
                                        + (sentAt - backUpAt.get()) / 1_000_000 + " ms after the restart: " + status + " " + response.body());
                            }
                        }
                        Thread.sleep(50);
                    }
                    return null;
                }));
            }
            Thread.sleep(3000);
            postgres.stopServer(); // a crash: immediate stop, clients cut off
            Thread.sleep(5000);
            postgres.startServer();
            backUpAt.set(System.nanoTime());
            Thread.sleep(10_000);
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertThat(serverErrorsAfterOutage).as("5xx answers to requests sent after the database was back%s",
                    JavaProcess.read(rig.dir().resolve("server.log"))).isEmpty();
            for (String run : runs) {
                List<Long> stored = storedSteps(client, run);
                assertThat(stored).as("no metric stored twice in run %s", run).doesNotHaveDuplicates();
                assertThat(stored).as("every acknowledged metric of run %s is stored", run).containsAll(acknowledged.get(run));
            }
            assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).as("metrics acknowledged").isGreaterThan(1000);
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));
            assertThat(done.get("status").asString()).as("the fold's outcome%s", rig.logs()).isEqualTo("SUCCEEDED");
            assertThat(ProcessRig.epochs(client, experiment)).containsExactly(1, 2, 3, 4);
        }
    }

    // guards: kill -9 of an agent in the middle of an upload: the server discards the partial file and another
    // agent resumes the fold
    @Test
    void anAgentKilledDuringAnUploadLeavesNoPartialFileAndTheFoldResumes() throws Exception {
        try (ProcessRig rig = new ProcessRig(temp.resolve("upload-kill"))) {
            int port = ProcessRig.freePort();
            rig.startServer(port, List.of(), List.of("--foldhub.worker.embedded=false", "--foldhub.worker.heartbeat-interval=1s",
                    "--foldhub.worker.poll-interval=300ms", "--foldhub.queue.heartbeat-timeout=15s",
                    "--foldhub.queue.reap-interval=1s"), "server.log");
            HttpTestClient client = new HttpTestClient(port);
            long[] created = ProcessRig.createExperiment(client, datasetDir, "cut-upload", CONFIG);
            long experiment = created[0];
            try (CuttingProxy proxy = new CuttingProxy(port, "PUT /api/agent/workers/", 4096)) {
                Process first = rig.startAgent(port, "http://localhost:" + proxy.port(), "agent-cut", List.of());
                // a resume checkpoint on the server first, so the cut upload is one the next agent can do without
                Path resume = rig.dir().resolve("data/artifacts/experiments/" + experiment + "/fold_0/resume.ckpt");
                rig.await(() -> Files.exists(resume), Duration.ofMinutes(6), "the first resume checkpoint");
                proxy.arm();
                String cutRequest = proxy.awaitCut(4, TimeUnit.MINUTES);
                Path uploads = rig.dir().resolve("data/artifacts/uploads");
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 with the upload half sent
                proxy.close();
                rig.await(() -> partialUploads(uploads).isEmpty(), Duration.ofSeconds(30),
                        "the partial upload of '" + cutRequest + "' to be discarded: " + partialUploads(uploads));
            }
            Path secondLog = rig.dir().resolve("agent-agent-next.log");
            rig.startAgent(port, "http://localhost:" + port, "agent-next", List.of());
            JsonNode done = rig.awaitExperiment(client, experiment, Duration.ofMinutes(8));

            assertThat(done.get("status").asString()).as("the fold's outcome%s", rig.logs()).isEqualTo("SUCCEEDED");
            assertThat(ProcessRig.epochs(client, experiment)).containsExactly(1, 2, 3, 4);
            assertThat(JavaProcess.read(secondLog)).as("the next agent resumed").contains("resuming").doesNotContain("fold 0 epoch 1:");
        }
    }

    private static List<String> serverArgs(PrivatePostgres postgres, String heartbeatTimeout, boolean embedded) {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--foldhub.worker.embedded=" + embedded,
                "--foldhub.worker.heartbeat-interval=1s",
                "--foldhub.worker.poll-interval=300ms",
                "--foldhub.queue.heartbeat-timeout=" + heartbeatTimeout,
                "--foldhub.queue.reap-interval=1s");
    }

    /** Posts {@code count} metrics of key loss from {@code firstStep} on; null when no answer came (neither acknowledged nor a 5xx). */
    private static HttpResponse<String> logBatch(HttpTestClient client, String run, long firstStep, int count) {
        StringBuilder metrics = new StringBuilder();
        for (long s = firstStep; s < firstStep + count; s++) {
            metrics.append(metrics.isEmpty() ? "" : ",").append("{\"key\": \"loss\", \"value\": ").append(s * 0.5)
                    .append(", \"timestamp\": ").append(1_700_000_000_000L + s).append(", \"step\": ").append(s).append('}');
        }
        try {
            return client.post("/api/2.0/mlflow/runs/log-batch", "application/json",
                    "{\"run_id\": \"" + run + "\", \"metrics\": [" + metrics + "]}");
        } catch (Exception e) {
            return null;
        }
    }

    private static List<Long> storedSteps(HttpTestClient client, String run) throws Exception {
        JsonNode history = json(client.get("/api/2.0/mlflow/metrics/get-history?run_id=" + run + "&metric_key=loss&max_results=25000"), 200);
        List<Long> steps = new ArrayList<>();
        JsonNode metrics = history.get("metrics");
        if (metrics != null) {
            metrics.forEach(m -> steps.add(m.get("step").asLong()));
        }
        return steps;
    }

    private static List<Path> partialUploads(Path uploads) {
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        } catch (IOException e) {
            return List.of(uploads);
        }
    }

    private static PrivatePostgres privatePostgres() throws Exception {
        if (PrivatePostgres.binaries().isEmpty()) {
            String message = "no PostgreSQL binaries under /usr/lib/postgresql for a private cluster";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: a missing capability fails the run)");
            }
            Assumptions.abort(message);
        }
        return PrivatePostgres.start();
    }
}
