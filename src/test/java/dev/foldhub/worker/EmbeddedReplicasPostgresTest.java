package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.PostgresSchema;
import dev.foldhub.testsupport.PostgresTestDatabase;
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two server replicas (two Spring contexts, each with its embedded worker) on one PostgreSQL schema: each embedded
 * worker has a name of its own, so starting the second replica requeues none of the first one's running jobs and
 * both run folds side by side.
 */
@EnabledIf("dev.foldhub.testsupport.PostgresSchema#available")
class EmbeddedReplicasPostgresTest {

    // a fold that runs until it is cancelled: 48 tiny images, epochs without end
    private static final String CONFIG = TinyConfigs.resnet18(100000);

    @TempDir
    Path temp;

    private final PostgresSchema schema = PostgresSchema.fresh();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
        schema.drop();
    }

    // guards item 1 of issue 13: a second replica's start leaves the first one's running job alone (same lease, one
    // attempt) and the two embedded workers, named per process, each run a fold at the same time
    @Test
    void twoReplicasOnOneDatabaseRunJobsSideBySideWithoutRequeuingEachOther() throws Exception {
        Path dataset = temp.resolve("tiny");
        new DemoDatasetGenerator().generate(dataset, new DemoSpec(48, 4, 32, 5L));
        ConfigurableApplicationContext first = start("a");
        HttpTestClient client = new HttpTestClient(port(first));
        json(client.post("/api/datasets", "application/json",
                "{\"name\": \"tiny\", \"path\": \"" + dataset.toAbsolutePath() + "\"}"), 201);
        json(client.post("/api/experiments?name=replicas&dataset=tiny&folds=0,1", "application/yaml", CONFIG), 201);
        JobQueue queue = first.getBean(JobQueue.class);
        String firstName = first.getBean(EmbeddedWorker.class).name();
        await(() -> queue.list(JobState.RUNNING).size() == 1, "the first replica to lease a fold");
        Job firstJob = queue.list(JobState.RUNNING).get(0);
        assertThat(firstJob.workerId()).isEqualTo(firstName);

        ConfigurableApplicationContext second = start("b");
        String secondName = second.getBean(EmbeddedWorker.class).name();
        await(() -> queue.list(JobState.RUNNING).size() == 2, "the second replica to lease the other fold");

        assertThat(secondName).isNotEqualTo(firstName).startsWith("embedded-");
        Job stillFirst = queue.get(firstJob.id());
        assertThat(stillFirst.workerId()).isEqualTo(firstName);
        assertThat(stillFirst.version()).as("the first replica's lease survived the second one's start")
                .isEqualTo(firstJob.version());
        assertThat(queue.list(JobState.RUNNING)).extracting(Job::workerId).containsExactlyInAnyOrder(firstName, secondName);
        assertThat(queue.list(JobState.RUNNING)).extracting(Job::attempts).containsOnly(1);
        JsonNode workers = json(client.get("/api/workers"), 200);
        assertThat(workers).hasSize(2);

        for (Job job : queue.list(JobState.RUNNING)) {
            json(client.post("/api/jobs/" + job.id() + "/cancel", "application/json", ""), 200);
        }
        await(() -> queue.list(JobState.CANCELLED).size() == 2, "both folds to stop on their cancel");
    }

    private ConfigurableApplicationContext start(String name) {
        PostgresTestDatabase.Connection c = PostgresTestDatabase.find().orElseThrow();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FoldhubApplication.class).run(
                "--server.port=0",
                "--foldhub.data-dir=" + temp.resolve("data-" + name),
                "--foldhub.artifacts-dir=" + temp.resolve("artifacts"),
                "--spring.datasource.url=" + c.url() + (c.url().contains("?") ? "&" : "?") + "currentSchema=" + schema.name(),
                "--spring.datasource.username=" + c.user(),
                "--spring.datasource.password=" + c.password(),
                "--spring.flyway.schemas=" + schema.name(),
                "--foldhub.worker.heartbeat-interval=1s",
                "--foldhub.worker.poll-interval=200ms");
        replicas.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for %s", what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
