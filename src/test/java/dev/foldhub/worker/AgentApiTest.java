package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.errors.ProblemTypes;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The worker API over HTTP: registration, device-fit leases, heartbeats carrying a cancel, lease checks, idempotent reports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:agentapi;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class AgentApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    private HttpTestClient client;

    @BeforeEach
    void connect() {
        client = new HttpTestClient(port);
        // a clean queue for each test: finish whatever an earlier test left queued
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
    }

    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";
    private static final String GPU_24G = "{\"kind\": \"GPU\", \"index\": 0, \"memoryMb\": 24000}";

    private void register(String name, String devices) throws Exception {
        JsonNode registered = json(client.post("/api/agent/workers", "application/json",
                "{\"name\": \"" + name + "\", \"devices\": [" + devices + "]}"), 200);
        assertThat(registered.get("workerId").asString()).isEqualTo(name);
        assertThat(registered.get("heartbeatIntervalMs").asLong()).isEqualTo(10_000);
    }

    private JsonNode lease(String worker, String device) throws Exception {
        return json(client.post("/api/agent/workers/" + worker + "/lease", "application/json", device), 200);
    }

    private String job(JsonNode leased, String worker, String action) {
        return "/api/agent/workers/" + worker + "/jobs/" + leased.get("id").asLong() + "/" + action + "?lease="
                + leased.get("lease").asLong();
    }

    @Test
    void aWorkerLeasesOnlyJobsItsDevicesFitAndAnEmptyQueueIs204() throws Exception {
        register("box-fit", CPU + ", " + GPU_24G);
        long big = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0, new JobRequirement(DeviceKind.GPU, 40_000));
        long gpu = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 0, new JobRequirement(DeviceKind.GPU, 16_000));
        long blend = queue.enqueue(JobKind.BLEND, 5, null, 10);

        assertThat(client.post("/api/agent/workers/box-fit/lease", "application/json", CPU).statusCode()).isEqualTo(204);
        assertThat(lease("box-fit", GPU_24G).get("id").asLong()).isEqualTo(gpu);
        assertThat(client.post("/api/agent/workers/box-fit/lease", "application/json", GPU_24G).statusCode()).isEqualTo(204);
        assertThat(queue.get(big).state()).isEqualTo(JobState.QUEUED);
        assertThat(queue.get(blend).state()).as("server jobs stay for the embedded worker").isEqualTo(JobState.QUEUED);
        queue.cancel(big);
        queue.cancel(blend);
    }

    @Test
    void aCancelReachesTheWorkerThroughItsNextHeartbeat() throws Exception {
        register("box-cancel", CPU);
        queue.enqueue(JobKind.TRAIN_FOLD, 2, 0, 0);
        JsonNode leased = lease("box-cancel", CPU);

        assertThat(json(client.post(job(leased, "box-cancel", "heartbeat"), "application/json", "{}"), 200)
                .get("cancel").asBoolean()).isFalse();
        json(client.post("/api/jobs/" + leased.get("id").asLong() + "/cancel", "application/json", ""), 200);
        assertThat(json(client.post(job(leased, "box-cancel", "heartbeat"), "application/json", "{}"), 200)
                .get("cancel").asBoolean()).isTrue();

        assertThat(client.post(job(leased, "box-cancel", "cancelled"), "application/json", "{}").statusCode()).isEqualTo(204);
        assertThat(queue.get(leased.get("id").asLong()).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anotherWorkersJobIs403AndAStaleLeaseIs409() throws Exception {
        register("box-a", CPU);
        register("box-b", CPU);
        queue.enqueue(JobKind.TRAIN_FOLD, 3, 0, 0);
        JsonNode leased = lease("box-a", CPU);
        long id = leased.get("id").asLong();
        String epoch = "{\"epoch\": 1, \"trainLoss\": 0.5, \"f2\": 0.4, \"threshold\": 0.1, \"lr\": 0.001, "
                + "\"seconds\": 1.0, \"imagesPerSecond\": 50.0}";

        HttpResponse<String> foreign = client.post(job(leased, "box-b", "heartbeat"), "application/json", "{}");
        assertThat(json(foreign, 403).get("detail").asString()).contains("not leased to worker 'box-b'");
        assertThat(client.post(job(leased, "box-b", "epochs"), "application/json", epoch).statusCode()).isEqualTo(403);
        assertThat(client.post(job(leased, "box-b", "complete"), "application/json", "{}").statusCode()).isEqualTo(403);
        assertThat(client.post("/api/agent/workers/nobody/lease", "application/json", CPU).statusCode()).isEqualTo(403);
        String stale = "/api/agent/workers/box-a/jobs/" + id + "/heartbeat?lease=" + (leased.get("lease").asLong() - 1);
        assertThat(client.post(stale, "application/json", "{}").statusCode()).isEqualTo(409);
        assertThat(queue.get(id).state()).isEqualTo(JobState.RUNNING);
    }

    // guards the worker role over real bearer tokens: a worker token leases, beats and uploads only for its own
    // worker's jobs; posing as another worker, or any call outside /api/agent, is 403
    @Test
    void aWorkerTokenActsOnlyForItsOwnWorkerAndOnlyOnTheWorkerApi() throws Exception {
        HttpTestClient alpha = client.as(workerToken("alpha"));
        HttpTestClient beta = client.as(workerToken("beta"));
        assertThat(alpha.post("/api/agent/workers", "application/json",
                "{\"name\": \"box-alpha\", \"devices\": [" + CPU + "]}").statusCode()).isEqualTo(200);
        assertThat(beta.post("/api/agent/workers", "application/json",
                "{\"name\": \"box-beta\", \"devices\": [" + CPU + "]}").statusCode()).isEqualTo(200);
        queue.enqueue(JobKind.TRAIN_FOLD, 4, 0, 0);
        JsonNode leased = json(alpha.post("/api/agent/workers/box-alpha/lease", "application/json", CPU), 200);
        String epoch = "{\"epoch\": 1, \"trainLoss\": 0.5, \"f2\": 0.4, \"threshold\": 0.1, \"lr\": 0.001, "
                + "\"seconds\": 1.0, \"imagesPerSecond\": 50.0}";
        assertThat(alpha.post(job(leased, "box-alpha", "heartbeat"), "application/json", "{}").statusCode()).isEqualTo(200);

        // beta's token can neither act as box-alpha nor reach box-alpha's job through its own worker
        assertThat(beta.post("/api/agent/workers/box-alpha/lease", "application/json", CPU).statusCode()).isEqualTo(403);
        assertThat(beta.post(job(leased, "box-alpha", "heartbeat"), "application/json", "{}").statusCode()).isEqualTo(403);
        assertThat(beta.post(job(leased, "box-alpha", "epochs"), "application/json", epoch).statusCode()).isEqualTo(403);
        assertThat(beta.post(job(leased, "box-beta", "epochs"), "application/json", epoch).statusCode()).isEqualTo(403);
        // a worker token is not a viewer or member
        assertThat(alpha.get("/api/experiments").statusCode()).isEqualTo(403);
        assertThat(alpha.post("/api/jobs/" + leased.get("id").asLong() + "/cancel", "application/json", "").statusCode())
                .isEqualTo(403);
        assertThat(queue.get(leased.get("id").asLong()).state()).isEqualTo(JobState.RUNNING);
    }

    private String workerToken(String name) throws Exception {
        return json(client.post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }

    // guards completion without results (issue 13 item 5) and release: a TRAIN_FOLD job with no stored fold result
    // cannot succeed (409 result-missing, still RUNNING; the retried no-op with a result is in AgentRefusalTest), and
    // a released job is queued at once
    @Test
    void aFoldWithoutItsResultCannotCompleteAndAReleasedJobIsQueuedAtOnce() throws Exception {
        register("box-retry", CPU);
        queue.enqueue(JobKind.TRAIN_FOLD, 4, 0, 0);
        queue.enqueue(JobKind.TRAIN_FOLD, 4, 1, 0);
        JsonNode first = lease("box-retry", CPU);
        JsonNode second = lease("box-retry", CPU);

        assertThat(json(client.post(job(first, "box-retry", "complete"), "application/json", "{}"), 409).get("type")
                .asString()).isEqualTo(ProblemTypes.RESULT_MISSING.toString());
        assertThat(queue.get(first.get("id").asLong()).state()).isEqualTo(JobState.RUNNING);

        assertThat(client.post(job(second, "box-retry", "release"), "application/json", "{}").statusCode()).isEqualTo(204);
        assertThat(queue.get(second.get("id").asLong()).state()).isEqualTo(JobState.QUEUED);
        assertThat(lease("box-retry", CPU).get("id").asLong()).isEqualTo(second.get("id").asLong());
        assertThat(client.post(job(first, "box-retry", "release"), "application/json", "{}").statusCode()).isEqualTo(204);
    }

    @Test
    void aBestCheckpointUploadedDuringTrainingIsServedBackByNameAndABadResumeUploadStoresNothing() throws Exception {
        register("box-files", CPU);
        long subject = 1_000_000 + System.currentTimeMillis() % 1_000_000_000L; // a fold directory no earlier run used
        queue.enqueue(JobKind.TRAIN_FOLD, subject, 0, 0);
        JsonNode leased = lease("box-files", CPU);
        byte[] parameters = {1, 2, 3, 4, 5};
        String octets = "application/octet-stream";

        assertThat(client.put(job(leased, "box-files", "model") + "&name=exp_f0_e02_0.5000.params", octets, parameters)
                .statusCode()).isEqualTo(204);
        HttpResponse<byte[]> back = client.getBytes(job(leased, "box-files", "model") + "&name=exp_f0_e02_0.5000.params");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).containsExactly(parameters);
        assertThat(client.get(job(leased, "box-files", "model") + "&name=exp_f0_e03_0.6000.params").statusCode()).isEqualTo(404);
        assertThat(json(client.get(job(leased, "box-files", "model") + "&name=..%2Fsecret.params"), 400)
                .get("detail").asString()).startsWith("name");

        // a body that is not a resume checkpoint is refused, and the fold still has none to resume from
        assertThat(json(client.put(job(leased, "box-files", "checkpoint") + "&epoch=2", octets, new byte[] {9, 9, 9}), 400)
                .get("detail").asString()).startsWith("checkpoint");
        assertThat(client.get(job(leased, "box-files", "checkpoint")).statusCode()).isEqualTo(204);
        assertThat(client.post(job(leased, "box-files", "release"), "application/json", "{}").statusCode()).isEqualTo(204);
    }

    @Test
    void aBadRegistrationIs400NamingTheField() throws Exception {
        assertThat(json(client.post("/api/agent/workers", "application/json", "{\"name\": \"a b\", \"devices\": [" + CPU + "]}"), 400)
                .get("detail").asString()).startsWith("name");
        assertThat(json(client.post("/api/agent/workers", "application/json", "{\"name\": \"ok\", \"devices\": []}"), 400)
                .get("detail").asString()).startsWith("devices");
    }

    @Test
    void anExperimentsDeviceAndMinimumGpuMemoryAreCheckedAsInput() throws Exception {
        assertThat(json(client.post("/api/experiments?name=x&dataset=none&device=tpu", "application/yaml", "model: {}"), 400)
                .get("detail").asString()).startsWith("device");
        assertThat(json(client.post("/api/experiments?name=x&dataset=none&device=gpu&minGpuMemoryMb=-1", "application/yaml",
                "model: {}"), 400).get("detail").asString()).startsWith("minGpuMemoryMb");
    }

    @Test
    void theFleetMetersAreOnThePrometheusEndpoint() throws Exception {
        register("box-meters", CPU);
        String metrics = client.get("/actuator/prometheus").body();
        assertThat(metrics).contains("foldhub_workers_online").contains("foldhub_heartbeats_missed_total")
                .contains("foldhub_queue_lease_seconds").contains("foldhub_jobs{");
    }
}
