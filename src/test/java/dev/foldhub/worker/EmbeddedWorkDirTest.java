package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.StorageProperties;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The embedded worker's files: a fold trains in the worker's private directory and is handed over into the shared
 * fold directory at the same points as a remote agent's uploads, so once its lease is lost it changes nothing there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        // a slow heartbeat: the worker learns of the lost lease from its next hand-over, after the epoch's files are written
        "foldhub.worker.heartbeat-interval=60s",
        "spring.datasource.url=jdbc:h2:mem:embeddedworkdir;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class EmbeddedWorkDirTest {

    private static final String CONFIG = TinyConfigs.resnet18(4);

    @LocalServerPort
    int port;

    @Autowired
    AgentService agents;

    @Autowired
    JobQueue queue;

    @Autowired
    StorageProperties storage;

    @Autowired
    TrainingProperties training;

    @Autowired
    ExperimentService experiments;

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards item 7 of issue 13: an embedded worker whose lease is lost (requeued and leased by another worker right
    // after it reported epoch 2) writes nothing more into the shared fold directory, and its private directory goes
    @Test
    void anEmbeddedWorkerThatLostItsLeaseLeavesTheSharedFoldDirectoryUntouched() throws Exception {
        Path dataset = temp.resolve("tiny");
        new DemoDatasetGenerator().generate(dataset, new DemoSpec(48, 4, 32, 3L));
        HttpTestClient client = new HttpTestClient(port);
        json(client.post("/api/datasets", "application/json",
                "{\"name\": \"tiny\", \"path\": \"" + dataset.toAbsolutePath() + "\"}"), 201);
        JsonNode created = json(client.post("/api/experiments?name=workdir&dataset=tiny&folds=0", "application/yaml", CONFIG), 201);
        long experiment = created.get("id").asLong();
        long jobId = created.get("jobIds").get(0).asLong();
        Path foldDir = storage.artifactsDir().resolve("experiments/" + experiment + "/fold_0");

        String name = EmbeddedWorkerName.of("embedded", "workdir-test");
        List<DeviceSlot> devices = List.of(DeviceSlot.cpu(0));
        Registered registered = agents.register(null, new Registration(name, devices), true);
        Path workRoot = storage.artifactsDir().resolve("work").resolve(name);
        AtomicReference<Map<String, String>> atTakeover = new AtomicReference<>();
        AtomicReference<Boolean> privateDirUsed = new AtomicReference<>(false);
        WorkerGateway gateway = new TakeoverAfterEpoch(new InProcessGateway(agents, workRoot), 2, () -> {
            privateDirUsed.set(Files.isRegularFile(workRoot.resolve("job-" + jobId).resolve(FoldCheckpointStore.RESUME_FILE)));
            // another worker takes the fold over: the path of a crashed worker's restart, then a lease elsewhere
            queue.releaseAllHeldBy(name);
            assertThat(queue.lease("other-agent", DeviceSlot.cpu(0), false)).map(j -> j.id()).contains(jobId);
            atTakeover.set(snapshot(foldDir));
        });
        WorkerLoop loop = new WorkerLoop(gateway, registered, devices,
                Map.of(JobKind.TRAIN_FOLD, new TrainFoldRunner(gateway, UnaryOperator.identity(), training.loader())),
                Duration.ZERO, new JobLogContext(experiments::name));
        loop.start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while ((atTakeover.get() == null || Files.exists(workRoot.resolve("job-" + jobId))) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            loop.stop(Duration.ofSeconds(30));
        }

        assertThat(atTakeover.get()).as("the lease was taken over after epoch 2").isNotNull();
        assertThat(atTakeover.get()).as("epoch 1 was handed over").containsKey(FoldCheckpointStore.RESUME_FILE);
        assertThat(privateDirUsed.get()).as("the fold trained in the worker's private directory").isTrue();
        assertThat(snapshot(foldDir)).as("the shared fold directory after the lease was lost").isEqualTo(atTakeover.get());
        assertThat(Files.exists(workRoot.resolve("job-" + jobId))).as("the private directory is removed").isFalse();
        assertThat(queue.get(jobId).state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.get(jobId).workerId()).isEqualTo("other-agent");
        JsonNode epochs = json(client.get("/api/experiments/" + experiment + "/folds/0/epochs"), 200);
        assertThat(epochs).as("no epoch reported after the takeover").hasSize(2);
    }

    /** Each file of the directory with the SHA-256 of its content. */
    private static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(hash));
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** The real gateway, with a takeover of the lease injected right after a given epoch's report got through. */
    private record TakeoverAfterEpoch(WorkerGateway gateway, int epoch, Runnable takeover) implements WorkerGateway {

        @Override
        public void reportEpoch(LeasedJob job, EpochStats stats) {
            gateway.reportEpoch(job, stats);
            if (stats.epoch() == epoch) {
                takeover.run();
            }
        }

        @Override
        public Registered register(Registration registration) {
            return gateway.register(registration);
        }

        @Override
        public Optional<LeasedJob> lease(String workerId, DeviceSlot device) {
            return gateway.lease(workerId, device);
        }

        @Override
        public HeartbeatReply heartbeat(LeasedJob job) {
            return gateway.heartbeat(job);
        }

        @Override
        public TrainTask trainTask(LeasedJob job) {
            return gateway.trainTask(job);
        }

        @Override
        public Level2Plan level2Plan(LeasedJob job) {
            return gateway.level2Plan(job);
        }

        @Override
        public Level2MemberInputs level2Member(LeasedJob job, int index) {
            return gateway.level2Member(job, index);
        }

        @Override
        public void uploadTestPredictions(LeasedJob job, double threshold, float[] probabilities, int rows, int classes) {
            gateway.uploadTestPredictions(job, threshold, probabilities, rows, classes);
        }

        @Override
        public Path workDir(LeasedJob job) {
            return gateway.workDir(job);
        }

        @Override
        public boolean fetchResume(LeasedJob job, Path resumeFile) {
            return gateway.fetchResume(job, resumeFile);
        }

        @Override
        public void uploadResume(LeasedJob job, Path resumeFile, int epoch) {
            gateway.uploadResume(job, resumeFile, epoch);
        }

        @Override
        public void uploadFold(LeasedJob job, FoldOutcome outcome) {
            gateway.uploadFold(job, outcome);
        }

        @Override
        public void complete(LeasedJob job) {
            gateway.complete(job);
        }

        @Override
        public void fail(LeasedJob job, String error) {
            gateway.fail(job, error);
        }

        @Override
        public void cancelled(LeasedJob job) {
            gateway.cancelled(job);
        }

        @Override
        public void release(LeasedJob job) {
            gateway.release(job);
        }

        @Override
        public void flush(LeasedJob job) {
            gateway.flush(job);
        }

        @Override
        public void cleanUp(LeasedJob job) {
            gateway.cleanUp(job);
        }
    }
}
