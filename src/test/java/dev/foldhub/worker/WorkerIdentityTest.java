package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Who may register a worker name over HTTP: an embedded worker's name is the server process's own, a name is owned
 * by the token id that registered it (token names are not unique), and a refused registration requeues nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:workeridentity;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class WorkerIdentityTest {

    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @Autowired
    AgentService agents;

    private HttpTestClient admin;

    @BeforeEach
    void connect() {
        admin = new HttpTestClient(port);
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
    }

    // guards item 1 of issue 13: a worker token registering as the server's embedded worker gets 403, and the
    // embedded worker's running job keeps its worker and lease (nothing is requeued)
    @Test
    void aWorkerTokenCannotTakeOverTheEmbeddedWorkerNorRequeueItsJobs() throws Exception {
        String embedded = EmbeddedWorkerName.of("embedded", "replica-a");
        agents.register(null, new Registration(embedded, List.of(DeviceSlot.cpu(0))), true);
        long blend = queue.enqueue(JobKind.BLEND, 77, null, 100);
        LeasedJob held = agents.lease(null, embedded, DeviceSlot.cpu(0)).orElseThrow();
        assertThat(held.id()).isEqualTo(blend);
        HttpTestClient intruder = admin.as(workerToken("intruder"));

        JsonNode refused = json(intruder.post("/api/agent/workers", "application/json",
                "{\"name\": \"" + embedded + "\", \"devices\": [" + CPU + "]}"), 403);
        assertThat(refused.get("detail").asString()).contains("embedded worker");
        // not even the admin token may register it, lease for it or report on its job
        assertThat(admin.post("/api/agent/workers", "application/json",
                "{\"name\": \"" + embedded + "\", \"devices\": [" + CPU + "]}").statusCode()).isEqualTo(403);
        assertThat(intruder.post("/api/agent/workers/" + embedded + "/lease", "application/json", CPU).statusCode())
                .isEqualTo(403);
        assertThat(intruder.post("/api/agent/workers/" + embedded + "/jobs/" + blend + "/fail?lease=" + held.lease(),
                "application/json", "{\"error\": \"taken over\"}").statusCode()).isEqualTo(403);

        Job job = queue.get(blend);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.workerId()).isEqualTo(embedded);
        assertThat(job.version()).as("the lease is untouched").isEqualTo(held.lease());
        assertThat(job.attempts()).isEqualTo(1);
        agents.complete(null, embedded, blend, held.lease());
    }

    // guards item 1 of issue 13: ownership is the token's id, so a second token with the same name cannot register,
    // lease for or requeue the first one's worker, while the first token re-registers it freely
    @Test
    void aTokenWithTheSameNameAsTheOwnerCannotActForItsWorker() throws Exception {
        HttpTestClient first = admin.as(workerToken("team-box"));
        HttpTestClient namesake = admin.as(workerToken("team-box"));
        String register = "{\"name\": \"box-team\", \"devices\": [" + CPU + "]}";
        assertThat(first.post("/api/agent/workers", "application/json", register).statusCode()).isEqualTo(200);
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 5, 0, 0);
        JsonNode leased = json(first.post("/api/agent/workers/box-team/lease", "application/json", CPU), 200);

        JsonNode refused = json(namesake.post("/api/agent/workers", "application/json", register), 403);
        assertThat(refused.get("detail").asString()).contains("another token");
        assertThat(namesake.post("/api/agent/workers/box-team/lease", "application/json", CPU).statusCode()).isEqualTo(403);
        assertThat(queue.get(id).state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.get(id).version()).isEqualTo(leased.get("lease").asLong());

        // the owner restarting requeues what its worker held, as before
        assertThat(first.post("/api/agent/workers", "application/json", register).statusCode()).isEqualTo(200);
        assertThat(queue.get(id).state()).isEqualTo(JobState.QUEUED);
        queue.cancel(id);
    }

    private String workerToken(String name) throws Exception {
        return json(admin.post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }
}
