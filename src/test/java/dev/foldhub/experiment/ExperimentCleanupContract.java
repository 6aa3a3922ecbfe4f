package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import dev.foldhub.training.EpochStats;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15 item 3 through HTTP, the same on H2 and PostgreSQL: archive hides an experiment from the lists until it is
 * unarchived; delete removes its rows, jobs and checkpoint files and nothing of any other experiment; a delete is
 * refused (naming them) while ensembles or submissions use it, and archive and delete while folds run. Run by
 * {@link ExperimentCleanupH2Test} and {@link ExperimentCleanupPostgresTest}.
 */
abstract class ExperimentCleanupContract {

    private static final DeviceSlot BIG_GPU = new DeviceSlot(DeviceKind.GPU, 0, 16_000);
    /** The tables that hold rows of an experiment, by experiment_id. */
    private static final List<String> TABLES = List.of("epoch_metrics", "fold_results", "oof_predictions",
            "test_predictions", "oof_recomputations", "external_folds");
    /** Checkpoint bytes each finished fold gets on disk: a best-epoch file and a resume file. */
    static final int BEST_BYTES = 1500;
    static final int RESUME_BYTES = 700;

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;
    @Autowired
    FoldProgress progress;
    @Autowired
    JobQueue queue;
    @Autowired
    TestPredictionStore testPredictions;
    @Autowired
    StorageProperties storage;
    @Autowired
    JdbcClient jdbc;
    HttpTestClient admin;

    /** A data directory of this test class's own, so checkpoints of an earlier run never count. */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data").resolve("artifacts").toString());
    }

    @BeforeAll
    static void dataset() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(100, 10, 32, 7L));
    }

    @BeforeEach
    void register() {
        admin = new HttpTestClient(port);
        if (datasets.list().stream().noneMatch(d -> d.name().equals("tiny"))) {
            datasets.register("tiny", temp.resolve("tiny").toString());
        }
    }

    @Test // guards: archived experiments leave GET /api/experiments (plain and paged) until asked for, and come back
    void archiveHidesAnExperimentFromTheListsUntilItIsUnarchived() throws Exception {
        long a = finished("archive-a");
        long b = finished("archive-b");

        JsonNode archived = json(admin.post("/api/experiments/" + a + "/archive", "application/json", ""), 200);
        assertThat(archived.get("archived").asBoolean()).isTrue();
        assertThat(archived.get("archivedAt").isNull()).isFalse();
        assertThat(ids("/api/experiments")).doesNotContain(a).contains(b);
        assertThat(ids("/api/experiments?limit=500")).doesNotContain(a).contains(b);
        assertThat(ids("/api/experiments?name=archive-&limit=500")).containsExactly(b);
        assertThat(ids("/api/experiments?archived=true")).contains(a).doesNotContain(b);
        assertThat(ids("/api/experiments?archived=true&name=archive-")).containsExactly(a);
        assertThat(ids("/api/experiments?archived=all&name=archive-")).containsExactly(b, a);
        assertThat(json(admin.get("/api/experiments/" + a), 200).get("archived").asBoolean()).isTrue();
        JsonNode bad = json(admin.get("/api/experiments?archived=maybe"), 400);
        assertThat(bad.get("field").asString()).isEqualTo("archived");

        JsonNode again = json(admin.post("/api/experiments/" + a + "/archive", "application/json", ""), 200);
        assertThat(again.get("archivedAt").asString()).as("archiving twice keeps the first time")
                .isEqualTo(archived.get("archivedAt").asString());
        JsonNode back = json(admin.post("/api/experiments/" + a + "/unarchive", "application/json", ""), 200);
        assertThat(back.get("archived").asBoolean()).isFalse();
        assertThat(back.get("archivedAt").isNull()).isTrue();
        assertThat(ids("/api/experiments?name=archive-")).containsExactly(b, a);
    }

    @Test // guards: an experiment with queued or running folds is not archived (409 naming the state), nor deleted while running
    void queuedOrRunningExperimentsAreNotArchivedAndRunningOnesNotDeleted() throws Exception {
        long id = experiments.create("busy", "tiny", "0,1", TinyConfigs.resnet18(1),
                new JobRequirement(DeviceKind.GPU, 8000)).id();
        JsonNode queued = json(admin.post("/api/experiments/" + id + "/archive", "application/json", ""), 409);
        assertThat(queued.get("detail").asString()).contains("QUEUED");

        Job running = lease(id, 0);
        JsonNode refused = json(admin.post("/api/experiments/" + id + "/archive", "application/json", ""), 409);
        assertThat(refused.get("detail").asString()).contains("RUNNING").contains("fold 0");
        JsonNode notDeleted = json(admin.delete("/api/experiments/" + id), 409);
        assertThat(notDeleted.get("detail").asString()).contains("RUNNING").contains("busy");
        assertThat(json(admin.get("/api/experiments/" + id), 200).get("folds")).hasSize(2);
        assertThat(queue.forSubject(JobKind.TRAIN_FOLD, id)).hasSize(2);
        assertThat(json(admin.get("/api/experiments/" + id), 200).get("archived").asBoolean()).isFalse();
        queue.release(running);
    }

    @Test // guards: delete removes rows, jobs and checkpoints of the experiment; a second one and a clone are untouched
    void deleteRemovesTheExperimentsRowsJobsAndCheckpointsAndNothingElse() throws Exception {
        long doomed = finished("doomed", "0,1,2", 0, 1); // fold 2 stays queued
        long kept = finished("kept");
        json(admin.post("/api/experiments/" + doomed + "/folds/0/predict-oof", "application/json", "{}"), 202);
        JsonNode clone = json(admin.post("/api/experiments/" + doomed + "/clone", "application/json",
                "{\"name\": \"doomed-clone\", \"folds\": [0]}"), 201);
        long cloneId = clone.get("id").asLong();
        Map<String, Long> keptRows = rows(kept);
        long keptCheckpoints = Files.walk(checkpointDir(kept)).filter(Files::isRegularFile).count();
        List<Long> recomputations = jdbc.sql("SELECT id FROM oof_recomputations WHERE experiment_id = ?")
                .param(doomed).query(Long.class).list();
        assertThat(rows(doomed)).containsEntry("epoch_metrics", 2L).containsEntry("fold_results", 2L)
                .containsEntry("oof_predictions", 2L).containsEntry("test_predictions", 1L)
                .containsEntry("oof_recomputations", 1L).containsEntry("jobs", 3L);
        assertThat(recomputations).hasSize(1);
        assertThat(Files.isDirectory(checkpointDir(doomed))).isTrue();

        HttpResponse<String> deleted = admin.delete("/api/experiments/" + doomed);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        assertThat(admin.get("/api/experiments/" + doomed).statusCode()).isEqualTo(404);
        assertThat(rows(doomed).values()).as("no row of the deleted experiment is left").allMatch(n -> n == 0);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM experiments WHERE id = ?").param(doomed).query(Long.class).single())
                .isZero();
        assertThat(queue.forSubject(JobKind.TRAIN_FOLD, doomed)).as("queued and finished fold jobs").isEmpty();
        assertThat(queue.forSubject(JobKind.PREDICT_OOF, recomputations.get(0))).isEmpty();
        assertThat(Files.exists(checkpointDir(doomed))).as("its checkpoint directory").isFalse();

        assertThat(rows(kept)).isEqualTo(keptRows);
        assertThat(Files.walk(checkpointDir(kept)).filter(Files::isRegularFile).count()).isEqualTo(keptCheckpoints);
        JsonNode keptView = json(admin.get("/api/experiments/" + kept), 200);
        assertThat(keptView.get("foldsDone").asInt()).isEqualTo(2);
        assertThat(admin.getBytes("/api/experiments/" + kept + "/folds/0/checkpoint").statusCode()).isEqualTo(200);

        JsonNode orphan = json(admin.get("/api/experiments/" + cloneId), 200);
        assertThat(orphan.get("parentId").isNull()).as("the clone lost its parent link, not its rows").isTrue();
        assertThat(admin.get("/experiments/" + cloneId).statusCode()).as("the clone's page").isEqualTo(200);
        assertThat(admin.delete("/api/experiments/" + doomed).statusCode()).isEqualTo(404);
    }

    @Test // guards: a delete is a 409 naming the ensembles and submissions that use the experiment, and keeps everything
    void deleteIsRefusedNamingTheEnsemblesAndSubmissionsThatUseTheExperiment() throws Exception {
        long a = finished("member-a");
        long b = finished("member-b");
        JsonNode blend = json(admin.post("/api/ensembles", "application/json",
                "{\"name\": \"blend-ab\", \"dataset\": \"tiny\", \"experiments\": [" + a + ", " + b + "]}"), 201);
        long blendId = blend.get("id").asLong();
        Map<String, Long> before = rows(a);

        JsonNode refused = json(admin.delete("/api/experiments/" + a), 409);
        assertThat(refused.get("type").asString()).isEqualTo("urn:foldhub:problems:in-use");
        assertThat(refused.get("detail").asString()).contains("ensemble " + blendId + " 'blend-ab'");
        assertThat(users(refused)).containsExactly(Map.of("kind", "ensemble", "id", blendId, "name", "blend-ab"));
        assertThat(rows(a)).isEqualTo(before);
        assertThat(Files.isDirectory(checkpointDir(a))).isTrue();

        JsonNode submission = json(admin.post("/api/experiments/" + b + "/submissions", "application/json", "{}"), 201);
        long submissionId = submission.get("id").asLong();
        JsonNode both = json(admin.delete("/api/experiments/" + b), 409);
        List<Map<String, Object>> usedBy = users(both);
        assertThat(usedBy).extracting(u -> u.get("kind")).containsExactly("ensemble", "ensemble", "submission");
        assertThat(usedBy.get(2)).isEqualTo(Map.of("kind", "submission", "id", submissionId,
                "name", "submission #" + submissionId));
        assertThat(both.get("detail").asString()).contains("'blend-ab'").contains("submission " + submissionId);
        assertThat(json(admin.get("/api/experiments/" + b), 200).get("foldsDone").asInt()).isEqualTo(2);
    }

    @Test // guards: unknown ids are 404 for archive, unarchive and delete
    void unknownExperimentsAre404() throws Exception {
        assertThat(admin.post("/api/experiments/987654/archive", "application/json", "").statusCode()).isEqualTo(404);
        assertThat(admin.post("/api/experiments/987654/unarchive", "application/json", "").statusCode()).isEqualTo(404);
        assertThat(admin.delete("/api/experiments/987654").statusCode()).isEqualTo(404);
    }

    @Test // guards: a read-only (viewer) token may read but not archive or delete; a member token may
    void aViewerMayNotArchiveOrDeleteAndAMemberMay() throws Exception {
        long id = finished("roles");
        HttpTestClient viewer = admin.as(token("viewer"));
        HttpTestClient member = admin.as(token("member"));
        assertThat(viewer.get("/api/storage").statusCode()).isEqualTo(200);
        assertThat(viewer.post("/api/experiments/" + id + "/archive", "application/json", "").statusCode()).isEqualTo(403);
        assertThat(viewer.delete("/api/experiments/" + id).statusCode()).isEqualTo(403);
        assertThat(json(admin.get("/api/experiments/" + id), 200).get("archived").asBoolean()).isFalse();

        assertThat(member.post("/api/experiments/" + id + "/archive", "application/json", "").statusCode()).isEqualTo(200);
        assertThat(member.delete("/api/experiments/" + id).statusCode()).isEqualTo(204);
        assertThat(admin.get("/api/experiments/" + id).statusCode()).isEqualTo(404);
    }

    @Test // guards: GET /api/storage counts the stored prediction bytes and the checkpoint files of each experiment
    void storageCountsPredictionAndCheckpointBytesPerExperimentAndDataSet() throws Exception {
        long id = finished("measured");
        int classes = datasets.get(datasetId()).numLabels();
        long assignment = json(admin.get("/api/experiments/" + id), 200).get("foldAssignmentId").asLong();
        int oofRows = datasets.folds(assignment).rowsOf(0).length + datasets.folds(assignment).rowsOf(1).length;
        int testRows = datasets.get(datasetId()).numTestImages();
        // float16: two bytes a probability; OOF of folds 0 and 1, test predictions of fold 0
        long predictionBytes = 2L * classes * (oofRows + testRows);
        long checkpointBytes = 2L * (BEST_BYTES + RESUME_BYTES);

        JsonNode report = json(admin.get("/api/storage"), 200);
        JsonNode row = find(report.get("experiments"), id);
        assertThat(row.get("name").asString()).isEqualTo("measured");
        assertThat(row.get("checkpointBytes").asLong()).isEqualTo(checkpointBytes);
        assertThat(row.get("predictionBytes").asLong()).isEqualTo(predictionBytes);
        assertThat(row.get("totalBytes").asLong()).isEqualTo(checkpointBytes + predictionBytes);

        List<Long> totals = StreamSupport.stream(report.get("experiments").spliterator(), false)
                .map(e -> e.get("totalBytes").asLong()).toList();
        assertThat(totals).as("largest first").isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(report.get("totalBytes").asLong()).isEqualTo(totals.stream().mapToLong(Long::longValue).sum());
        JsonNode tiny = find(report.get("datasets"), datasetId());
        assertThat(tiny.get("name").asString()).isEqualTo("tiny");
        long tinyBytes = StreamSupport.stream(report.get("experiments").spliterator(), false)
                .filter(e -> e.get("datasetId").asLong() == datasetId()).mapToLong(e -> e.get("totalBytes").asLong()).sum();
        assertThat(tiny.get("bytes").asLong()).isEqualTo(tinyBytes).isGreaterThanOrEqualTo(checkpointBytes + predictionBytes);
        long usable = Files.getFileStore(storage.dataDir()).getUsableSpace();
        assertThat(report.get("freeDiskBytes").asLong()).isPositive().isBetween(usable / 2, usable * 2);
        assertThat(Path.of(report.get("dataDir").asString())).isEqualTo(storage.dataDir().toAbsolutePath().normalize());
    }

    /** An experiment on folds 0 and 1 with both finished. */
    long finished(String name) throws Exception {
        return finished(name, "0,1", 0, 1);
    }

    /**
     * An experiment on {@code folds} whose folds {@code done} finished as a worker ends them: an epoch, the fold's
     * result and OOF, its best checkpoint and resume file on disk; fold 0 also has test predictions.
     */
    long finished(String name, String folds, int... done) throws Exception {
        long id = experiments.create(name, "tiny", folds, TinyConfigs.resnet18(1),
                new JobRequirement(DeviceKind.GPU, 8000)).id();
        FoldTask task = experiments.foldTask(id, 0);
        int classes = datasets.get(task.datasetId()).numLabels();
        for (int fold : done) {
            Job job = lease(id, fold);
            int rows = datasets.folds(task.foldAssignmentId()).rowsOf(fold).length;
            progress.recordEpoch(id, fold, job.id(), new EpochStats(1, 0.5, 0.6, 0.4, 0.001, 1.0, 100.0));
            Path dir = checkpointDir(id).resolve("fold_" + fold);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + "_f" + fold + "_e01_0.6000.params"), new byte[BEST_BYTES]);
            Files.write(dir.resolve("resume.ckpt"), new byte[RESUME_BYTES]);
            float[] p = new float[rows * classes];
            Arrays.fill(p, 0.5f);
            progress.recordFold(job.id(), new OofPrediction(id, fold, 1, 0.4, 0.6, rows, classes, p), 1,
                    storage.artifactsDir().relativize(dir.resolve(name + "_f" + fold + "_e01_0.6000.params")).toString());
            assertThat(queue.complete(job)).isTrue();
        }
        int testRows = datasets.get(task.datasetId()).numTestImages();
        float[] test = new float[testRows * classes];
        Arrays.fill(test, 0.25f);
        testPredictions.save(new TestPrediction(id, 0, 1, 0.4, testRows, classes, test));
        return id;
    }

    /** Leases the fold's job (others leased on the way go back to the queue). */
    Job lease(long experimentId, int fold) {
        List<Job> others = new ArrayList<>();
        try {
            while (true) {
                Optional<Job> leased = queue.lease("cleanup-test", BIG_GPU, false);
                assertThat(leased).as("fold %d of experiment %d is queued", fold, experimentId).isPresent();
                Job job = leased.get();
                if (job.kind() == JobKind.TRAIN_FOLD && job.subjectId() == experimentId && job.fold() == fold) {
                    return job;
                }
                others.add(job);
            }
        } finally {
            others.forEach(queue::release);
        }
    }

    Path checkpointDir(long experimentId) {
        return storage.artifactsDir().resolve("experiments").resolve(String.valueOf(experimentId));
    }

    Map<String, Long> rows(long experimentId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE experiment_id = ?")
                    .param(experimentId).query(Long.class).single());
        }
        counts.put("jobs", jdbc.sql("SELECT COUNT(*) FROM jobs WHERE kind = 'TRAIN_FOLD' AND subject_id = ?")
                .param(experimentId).query(Long.class).single());
        return counts;
    }

    long datasetId() {
        return datasets.list().stream().filter(d -> d.name().equals("tiny")).findFirst().orElseThrow().id();
    }

    List<Long> ids(String path) throws Exception {
        return StreamSupport.stream(json(admin.get(path), 200).spliterator(), false).map(e -> e.get("id").asLong())
                .toList();
    }

    String token(String role) throws Exception {
        return json(admin.post("/api/tokens", "application/json", "{\"name\": \"cleanup-" + role + "-" + System.nanoTime()
                + "\", \"role\": \"" + role + "\"}"), 201).get("token").asString();
    }

    static List<Map<String, Object>> users(JsonNode problem) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (JsonNode u : problem.get("usedBy")) {
            users.add(Map.of("kind", u.get("kind").asString(), "id", u.get("id").asLong(), "name", u.get("name").asString()));
        }
        return users;
    }

    static JsonNode find(JsonNode array, long id) {
        return StreamSupport.stream(array.spliterator(), false).filter(e -> e.get("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no id " + id + " in " + array));
    }
}
