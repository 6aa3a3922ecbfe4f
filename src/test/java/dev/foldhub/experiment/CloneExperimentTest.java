package dev.foldhub.experiment;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.security.ApiTokens;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import dev.foldhub.training.TrainingConfig;
import java.nio.file.Path;
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
 * Issue 15 item 2: POST /api/experiments/{id}/clone makes a new experiment from the parent's config with overrides
 * merged in, on the same data set, fold assignment and folds, linked to its parent; refusals create nothing; the page
 * links to the parent and lists the changed keys. No worker runs: the clone's jobs stay queued and are checked there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class CloneExperimentTest {

    private static final String CONFIG = TinyConfigs.resnet18(1);

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    JobQueue queue;
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
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:clone-experiments;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
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

    @Test // guards: the clone's config is the parent's with the overrides merged, on the parent's folds and devices
    void aCloneMergesTheOverridesAndTrainsTheParentsFoldsLinkedToItsParent() throws Exception {
        long parent = create("clone-parent", "1,3");
        JsonNode created = json(client.post("/api/experiments/" + parent + "/clone?name=clone-child", "application/yaml",
                "optimizer:\n  params:\n    lr: 0.0003\ntrain:\n  num_epochs: 2\n"), 201);
        long child = created.get("id").asLong();
        JsonNode view = created.get("experiment");
        assertThat(child).isNotEqualTo(parent);
        assertThat(view.get("name").asString()).isEqualTo("clone-child");
        assertThat(view.get("parentId").asLong()).isEqualTo(parent);
        JsonNode parentView = json(client.get("/api/experiments/" + parent), 200);
        assertThat(parentView.get("parentId").isNull()).as("an experiment that is no clone has none").isTrue();
        assertThat(view.get("datasetId").asLong()).isEqualTo(parentView.get("datasetId").asLong());
        assertThat(view.get("foldAssignmentId").asLong()).isEqualTo(parentView.get("foldAssignmentId").asLong());
        assertThat(folds(child)).as("the parent's folds").containsExactly(1, 3);

        TrainingConfig merged = experiments.foldTask(child, 1).config();
        TrainingConfig original = experiments.foldTask(parent, 1).config();
        assertThat(merged.numEpochs()).isEqualTo(2);
        assertThat(original.numEpochs()).isEqualTo(1);
        assertThat(merged.lr()).isEqualTo(0.0003);
        assertThat(original.lr()).isEqualTo(0.001);
        assertThat(experiments.foldTask(child, 3).config().arch()).isEqualTo("resnet18");
        assertThat(experiments.foldTask(child, 3).configYaml()).contains("arch: resnet18")
                .contains("batch_size: 16").contains("name: adam");
        assertThat(experiments.foldTask(parent, 1).configYaml()).isEqualTo(CONFIG);
        for (Job job : queue.forSubject(JobKind.TRAIN_FOLD, child)) {
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(job.deviceKind()).as("where the parent's folds run").isEqualTo(jobOf(parent).deviceKind());
            assertThat(job.minMemoryMb()).isEqualTo(jobOf(parent).minMemoryMb());
        }
        assertThat(created.get("jobIds")).hasSize(2);
    }

    @Test // guards: the JSON form, folds given instead of the parent's, and the default name
    void theJsonFormTakesFoldsAndNamesTheCloneAfterItsParent() throws Exception {
        long parent = create("json-parent", "0");
        JsonNode created = json(client.post("/api/experiments/" + parent + "/clone", "application/json",
                "{\"overrides\": \"model:\\n  arch: resnet34\\n\", \"folds\": [2, 4]}"), 201);
        long child = created.get("id").asLong();
        assertThat(created.get("experiment").get("name").asString()).isEqualTo("json-parent-clone");
        assertThat(created.get("experiment").get("arch").asString()).isEqualTo("resnet34");
        assertThat(created.get("experiment").get("parentId").asLong()).isEqualTo(parent);
        assertThat(folds(child)).containsExactly(2, 4);

        JsonNode same = json(client.post("/api/experiments/" + parent + "/clone", "application/json", "{}"), 201);
        assertThat(experiments.foldTask(same.get("id").asLong(), 0).configYaml()).as("no overrides: the parent's text")
                .isEqualTo(CONFIG);
    }

    @Test // guards: a bad override is a 400 naming the config key, and nothing is created
    void aBadOverrideIsRefusedNamingTheKeyAndCreatesNothing() throws Exception {
        long parent = create("bad-override-parent", "0,1");
        int before = experiments.list().size();
        JsonNode problem = json(client.post("/api/experiments/" + parent + "/clone", "application/yaml",
                "train:\n  batch_size: -4\n"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("train.batch_size");
        JsonNode notMapping = json(client.post("/api/experiments/" + parent + "/clone", "application/yaml",
                "- a\n- b\n"), 400);
        assertThat(notMapping.get("field").asString()).isEqualTo("overrides");
        JsonNode badFolds = json(client.post("/api/experiments/" + parent + "/clone?folds=7", "application/yaml",
                "train:\n  num_epochs: 2\n"), 400);
        assertThat(badFolds.get("field").asString()).isEqualTo("folds");
        assertThat(experiments.list()).hasSize(before);
    }

    @Test // guards: 404 for an unknown experiment, 409 for one with no config Foldhub trains; a viewer may not clone
    void unknownExternalAndViewerClonesAreRefused() throws Exception {
        int before = experiments.list().size();
        assertThat(client.post("/api/experiments/999999/clone", "application/yaml", "train: {num_epochs: 2}")
                .statusCode()).isEqualTo(404);
        long external = externalFolds.receive("experiment", "clone-external", "tiny", "fold", 0);
        int withExternal = experiments.list().size();
        JsonNode problem = json(client.post("/api/experiments/" + external + "/clone", "application/yaml",
                "train: {num_epochs: 2}"), 409);
        assertThat(problem.get("detail").asString()).contains("external");
        long parent = create("viewer-clone-parent", "0");
        String viewer = tokens.create("clone-viewer", "viewer", null, "test").token();
        assertThat(client.as(viewer).post("/api/experiments/" + parent + "/clone", "application/yaml", "")
                .statusCode()).isEqualTo(403);
        assertThat(experiments.list()).hasSize(withExternal + 1);
        assertThat(withExternal).isEqualTo(before + 1);
    }

    @Test // guards: the clone's page links to its parent and lists exactly the changed keys with both values
    void theClonesPageLinksToItsParentAndShowsTheChangedKeys() throws Exception {
        long parent = create("page-parent", "0");
        long child = json(client.post("/api/experiments/" + parent + "/clone?name=page-child", "application/yaml",
                "optimizer:\n  params:\n    lr: 0.0003\n"), 201).get("id").asLong();
        String page = client.get("/experiments/" + child).body();
        assertThat(page).contains("id=\"parent\" href=\"/experiments/" + parent + "\"").contains(">page-parent</a>");
        assertThat(page).contains("id=\"config-changes\"").contains("data-key=\"optimizer.params.lr\"")
                .contains("<td>0.001</td>").contains("<td>3.0E-4</td>");
        assertThat(page.split("data-key=", -1)).as("one changed key").hasSize(2);
        assertThat(client.get("/experiments/" + parent).body()).doesNotContain("id=\"config-changes\"")
                .doesNotContain("id=\"parent\"");
    }

    /** An experiment of the tiny config on {@code folds}, its jobs for a GPU of 8 GB or more (so nothing else runs them). */
    private long create(String name, String folds) throws Exception {
        return json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=" + folds
                + "&device=gpu&minGpuMemoryMb=8000", "application/yaml", CONFIG), 201).get("id").asLong();
    }

    private List<Integer> folds(long experimentId) {
        return queue.forSubject(JobKind.TRAIN_FOLD, experimentId).stream().map(Job::fold).sorted().toList();
    }

    private Job jobOf(long experimentId) {
        return queue.forSubject(JobKind.TRAIN_FOLD, experimentId).get(0);
    }
}
