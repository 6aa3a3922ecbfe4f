package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.Level1Uploads;
import dev.foldhub.training.TrainingConfigParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A remote agent trains a level-2 stacker fold over HTTP: the fold's plan and member matrices come from the worker API
 * (checked by the worker's token and the job's lease like every job call), its test predictions and OOF go back.
 * Run on H2 and PostgreSQL (members found by name and by an import's model).
 */
abstract class Level2AgentApiContract {

    @TempDir
    static Path temp;

    private static final int TEST_IMAGES = 10;

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("l2a-imet"), new DemoSpec(60, TEST_IMAGES, 16, 9L));
    }

    @Test
    void aRemoteAgentStacksAFoldFromTheWorkerApiAndAStaleLeaseIsRefused() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"l2a\", \"path\": \"" + temp.resolve("l2a-imet").toAbsolutePath() + "\"}"), 201);
        int labels = dataset.get("numLabels").asInt();
        byte[] folds = Npy.readUint8(client.getBytes("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy").body());
        json(Level1Uploads.importModel(client, "l2a", folds, labels, TEST_IMAGES, "m-one", "one", 1), 201);
        json(Level1Uploads.importModel(client, "l2a", folds, labels, TEST_IMAGES, "m-two", "two", 2), 201);
        long stacker = json(client.post("/api/experiments?name=l2a-stack&dataset=l2a&folds=1", "application/yaml",
                "model: {arch: level2}\ndata: {inputs: [m-one, [" + Level1Uploads.trainName("two", 0)
                        + "]]}\ntrain: {batch_size: 8, num_epochs: 2}\n"), 201)
                .get("id").asLong();

        String token = json(client.post("/api/tokens", "application/json",
                "{\"name\": \"l2a-" + System.nanoTime() + "\", \"role\": \"worker\"}"), 201).get("token").asString();
        HttpWorkerGateway gateway = new HttpWorkerGateway("http://localhost:" + port, token, temp.resolve("work"),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
        gateway.register(new Registration("box-l2", List.of(DeviceSlot.cpu(0))));
        LeasedJob job = gateway.lease("box-l2", DeviceSlot.cpu(0)).orElseThrow();
        assertThat(job.subjectId()).isEqualTo(stacker);

        Level2Plan plan = gateway.level2Plan(job);
        assertThat(plan.memberNames()).containsExactly("m-one", "m-two");
        for (int row : plan.trainRows()) {
            assertThat((int) folds[row]).isNotEqualTo(1);
        }
        Level2MemberInputs member = gateway.level2Member(job, 0);
        assertThat(member.train()).hasSize(plan.trainRows().length * labels);
        assertThat(member.validation()).hasSize(plan.validationRows().length * labels);
        assertThat(member.testRows()).isEqualTo(TEST_IMAGES);
        HttpTestClient worker = client.as(token);
        String path = "/api/agent/workers/box-l2/jobs/" + job.id() + "/level2/";
        assertThat(worker.get(path + "plan?lease=" + (job.lease() + 7)).statusCode()).isEqualTo(409);
        assertThat(worker.get(path + "members/2?lease=" + job.lease()).statusCode()).isEqualTo(400);
        assertThat(client.as(token).anonymous().get(path + "plan?lease=" + job.lease()).statusCode()).isEqualTo(401);

        String upload = "/api/agent/workers/box-l2/jobs/" + job.id() + "/test-predictions?lease=" + job.lease()
                + "&threshold=0.2";
        JsonNode badShape = json(worker.put(upload, "application/octet-stream",
                Npy.writeFloat32(new float[TEST_IMAGES * (labels - 1)], TEST_IMAGES, labels - 1)), 400);
        assertThat(badShape.get("field").asString()).isEqualTo("test");
        assertThat(worker.put(upload, "application/octet-stream",
                new byte[8 * TEST_IMAGES * labels + Npy.MAX_HEADER_BYTES + 1]).statusCode()).isEqualTo(413);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_predictions WHERE experiment_id = ?").param(stacker)
                .query(Long.class).single()).as("a refused upload stores nothing").isZero();

        TrainTask task = gateway.trainTask(job);
        new StackerFoldRunner(gateway).run(job, task, TrainingConfigParser.parse(task.config()), "cpu",
                new StopSignal());
        gateway.complete(job);
        gateway.flush(job);
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(client.getBytes("/api/experiments/" + stacker + "/folds/1/oof.npy").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT num_rows FROM test_predictions WHERE experiment_id = ? AND fold = 1")
                .param(stacker).query(Integer.class).single()).isEqualTo(TEST_IMAGES);

        // a new default fold assignment: a stacker without one named still trains on its members' assignment
        long membersAssignment = json(client.get("/api/experiments/" + stacker), 200).get("foldAssignmentId").asLong();
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        byte[] shifted = folds.clone();
        for (int r = 0; r < shifted.length; r++) {
            shifted[r] = (byte) ((folds[r] + 1) % k);
        }
        assertThat(client.put("/api/datasets/" + dataset.get("id").asLong() + "/folds.npy", "application/octet-stream",
                Npy.writeUint8(shifted)).statusCode()).isEqualTo(200);
        JsonNode later = json(client.post("/api/experiments?name=l2a-later&dataset=l2a&folds=0", "application/yaml",
                "data: {inputs: [m-one, m-two]}\n"), 201);
        assertThat(later.get("experiment").get("foldAssignmentId").asLong()).isEqualTo(membersAssignment);
    }
}
