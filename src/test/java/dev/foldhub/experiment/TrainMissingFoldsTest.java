package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.security.ApiTokens;
import dev.foldhub.testsupport.FoldFinisher;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Issue 15 item 1: an experiment created with some folds shows its progress against the data set's k and is marked
 * partial; POST /api/experiments/{id}/folds queues the missing folds with its config, and refuses (changing nothing)
 * folds out of range, folds that already have a job, unknown and imported/external experiments. No worker runs:
 * folds are "finished" by leasing their jobs and storing a result, as a worker would, and queued folds stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class TrainMissingFoldsTest {

    private static final String CONFIG = TinyConfigs.resnet18(1);

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    JobQueue queue;
    @Autowired
    FoldProgress progress;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;
    @Autowired
    ExternalFolds externalFolds;
    @Autowired
    ApiTokens tokens;

    private HttpTestClient client;
    private static boolean registered;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:missing-folds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny-imet"), new DemoSpec(200, 20, 32, 7L));
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (!registered) {
            json(client.post("/api/datasets", "application/json",
                    "{\"name\": \"tiny\", \"path\": \"" + temp.resolve("tiny-imet").toAbsolutePath() + "\"}"), 201);
            registered = true;
        }
    }

    @Test // guards: "2 of 5" and partial for a CV of 2 folds of 5, and the 3 missing folds queued with the same config
    void twoFinishedFoldsOfFiveArePartialAndTheMissingOnesAreQueuedWithTheExperimentsConfig() throws Exception {
        long id = create("two-of-five", "0,1");
        succeed(id, 0, 0.61);
        succeed(id, 1, 0.63);

        JsonNode before = json(client.get("/api/experiments/" + id), 200);
        assertThat(before.get("foldsDone").asInt()).isEqualTo(2);
        assertThat(before.get("datasetFolds").asInt()).as("k of the fold assignment").isEqualTo(5);
        assertThat(before.get("foldsTotal").asInt()).as("the folds it has: its meaning is a contract").isEqualTo(2);
        assertThat(before.get("partial").asBoolean()).isTrue();
        assertThat(ints(before.get("missingFolds"))).containsExactly(2, 3, 4);
        assertThat(before.get("trainable").asBoolean()).isTrue();
        assertThat(before.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode listed = findIn(json(client.get("/api/experiments"), 200), id);
        assertThat(listed.get("datasetFolds").asInt()).isEqualTo(5);
        assertThat(listed.get("partial").asBoolean()).isTrue();
        JsonNode paged = findIn(json(client.get("/api/experiments?name=two-of-five"), 200), id);
        assertThat(paged.get("partial").asBoolean()).as("the SQL-paged list says the same").isTrue();
        assertThat(ints(paged.get("missingFolds"))).containsExactly(2, 3, 4);

        JsonNode queued = json(client.post("/api/experiments/" + id + "/folds", "application/json",
                "{\"folds\": [2, 3, 4]}"), 202);
        assertThat(ints(queued.get("folds"))).containsExactly(2, 3, 4);
        assertThat(queued.get("jobIds")).hasSize(3);
        assertThat(queued.get("experiment").get("folds")).hasSize(5);
        assertThat(queued.get("experiment").get("missingFolds")).isEmpty();
        assertThat(queued.get("experiment").get("partial").asBoolean()).as("still 2 of 5 finished").isTrue();
        assertThat(queued.get("experiment").get("status").asString()).isEqualTo("RUNNING");

        List<Job> jobs = queue.forSubject(JobKind.TRAIN_FOLD, id);
        assertThat(jobs).hasSize(5);
        Job first = jobs.get(0);
        for (Job job : jobs.subList(2, 5)) {
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(job.deviceKind()).as("where the folds it was created with run").isEqualTo(first.deviceKind());
            assertThat(job.minMemoryMb()).isEqualTo(first.minMemoryMb());
        }
        assertThat(jobs.subList(2, 5).stream().map(Job::fold).toList()).containsExactly(2, 3, 4);
        assertThat(jobs.subList(2, 5).stream().map(Job::id).toList())
                .containsExactlyElementsOf(longs(queued.get("jobIds")));
        for (int fold = 2; fold < 5; fold++) {
            assertThat(experiments.foldTask(id, fold).configYaml()).isEqualTo(CONFIG);
        }
    }

    @Test // guards: each refusal answers its status naming "folds" and queues nothing, changes nothing
    void refusedRequestsChangeNothing() throws Exception {
        long id = create("refusals", "0,1,2");
        succeed(id, 0, 0.6);
        Job cancelled = queue.cancel(jobOf(id, 2).id());
        JsonNode before = json(client.get("/api/experiments/" + id), 200);
        int jobsBefore = queue.forSubject(JobKind.TRAIN_FOLD, id).size();

        assertRefused(id, "{\"folds\": [3, 5]}", 400, "outside 0..4");
        assertRefused(id, "{\"folds\": [-1]}", 400, "outside 0..4");
        assertRefused(id, "{\"folds\": [3, 3]}", 400, "twice");
        assertRefused(id, "{\"folds\": [\"x\"]}", 400, "not a fold number");
        assertRefused(id, "{}", 400, "required");
        assertRefused(id, "{\"folds\": []}", 400, "at least one");
        assertRefused(id, "{\"folds\": [3, 0]}", 409, "SUCCEEDED");
        assertRefused(id, "{\"folds\": [1]}", 409, "QUEUED");
        JsonNode retry = assertRefused(id, "{\"folds\": [2, 3]}", 409, "CANCELLED");
        assertThat(retry.get("detail").asString()).contains("POST /api/jobs/" + cancelled.id() + "/retry");

        assertThat(json(client.get("/api/experiments/" + id), 200)).isEqualTo(before);
        assertThat(queue.forSubject(JobKind.TRAIN_FOLD, id)).hasSize(jobsBefore);
    }

    @Test // guards: 404 for an unknown experiment; 409 for one Foldhub does not train (no config to train)
    void unknownAndExternalExperimentsAreRefused() throws Exception {
        assertThat(client.post("/api/experiments/999999/folds", "application/json", "{\"folds\": [1]}").statusCode())
                .isEqualTo(404);
        long external = externalFolds.receive("experiment", "reported-elsewhere", "tiny", "fold", 0);
        JsonNode view = json(client.get("/api/experiments/" + external), 200);
        assertThat(view.get("trainable").asBoolean()).isFalse();
        assertThat(view.get("datasetFolds").asInt()).isEqualTo(5);
        JsonNode problem = json(client.post("/api/experiments/" + external + "/folds", "application/json",
                "{\"folds\": [1]}"), 409);
        assertThat(problem.get("detail").asString()).contains("external");
        assertThat(queue.forSubject(JobKind.TRAIN_FOLD, external)).isEmpty();
    }

    @Test // guards: training folds is a member's action, as the other experiment POSTs
    void aViewerMayNotTrainFolds() throws Exception {
        long id = create("viewer-refused", "0");
        String viewer = tokens.create("folds-viewer", "viewer", null, "test").token();
        assertThat(client.as(viewer).post("/api/experiments/" + id + "/folds", "application/json", "{\"folds\": [1]}")
                .statusCode()).isEqualTo(403);
        assertThat(client.anonymous().post("/api/experiments/" + id + "/folds", "application/json", "{\"folds\": [1]}")
                .statusCode()).isEqualTo(401);
        assertThat(queue.forSubject(JobKind.TRAIN_FOLD, id)).hasSize(1);
    }

    @Test // guards: the pages show "2 of 5" and partial, and the button offers exactly the missing folds
    void pagesShowProgressAgainstKAndPartialAndTheButtonOnlyWhileFoldsAreMissing() throws Exception {
        long id = create("page-two-of-five", "0,1");
        succeed(id, 0, 0.61);
        succeed(id, 1, 0.62);
        String page = client.get("/experiments/" + id).body();
        assertThat(page).contains("(2 of 5 folds)").contains("id=\"train-missing\"").contains("data-folds=\"2,3,4\"");
        assertThat(page).containsPattern("id=\"partial\" class=\"badge partial\"(?![^>]*hidden)");
        String table = client.get("/?q=page-two-of-five").body();
        assertThat(table).contains("2 of 5 folds").contains("badge partial");
        String compare = client.get("/compare?ids=" + id).body();
        assertThat(compare).contains("2 of 5").contains("badge partial");

        json(client.post("/api/experiments/" + id + "/folds", "application/json", "{\"folds\": [2, 3, 4]}"), 202);
        assertThat(client.get("/experiments/" + id).body()).doesNotContain("id=\"train-missing\"");

        long external = externalFolds.receive("experiment", "external-page", "tiny", "fold", 0);
        assertThat(client.get("/experiments/" + external).body()).as("nothing to train it with")
                .doesNotContain("id=\"train-missing\"");
    }

    @Test // guards: a complete CV is not partial
    void allFoldsFinishedIsNotPartial() throws Exception {
        long id = create("complete", "0,1,2,3,4");
        for (int fold = 0; fold < 5; fold++) {
            succeed(id, fold, 0.6 + fold / 100.0);
        }
        JsonNode view = json(client.get("/api/experiments/" + id), 200);
        assertThat(view.get("foldsDone").asInt()).isEqualTo(5);
        assertThat(view.get("partial").asBoolean()).isFalse();
        assertThat(view.get("missingFolds")).isEmpty();
        assertThat(client.get("/experiments/" + id).body()).doesNotContain("id=\"train-missing\"");
    }

    private JsonNode assertRefused(long id, String body, int status, String detail) throws Exception {
        JsonNode problem = json(client.post("/api/experiments/" + id + "/folds", "application/json", body), status);
        assertThat(problem.get("field").asString()).isEqualTo("folds");
        assertThat(problem.get("detail").asString()).contains(detail);
        return problem;
    }

    /** An experiment of the tiny config on {@code folds}, its jobs for a GPU of 8 GB or more (so nothing else runs them). */
    private long create(String name, String folds) throws Exception {
        return json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=" + folds
                + "&device=gpu&minGpuMemoryMb=8000", "application/yaml", CONFIG), 201).get("id").asLong();
    }

    private void succeed(long experimentId, int fold, double f2) {
        new FoldFinisher(queue, progress, datasets, experiments).succeed(experimentId, fold, f2);
    }

    private Job jobOf(long experimentId, int fold) {
        return queue.forSubject(JobKind.TRAIN_FOLD, experimentId).stream().filter(j -> j.fold() == fold).findFirst()
                .orElseThrow();
    }

    private static JsonNode findIn(JsonNode list, long id) {
        for (JsonNode e : list) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        throw new AssertionError("experiment " + id + " not in " + list);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }
}
