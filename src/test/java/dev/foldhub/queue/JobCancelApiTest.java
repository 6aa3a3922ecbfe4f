package dev.foldhub.queue;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** POST /api/jobs/{id}/cancel over HTTP: a cancel of a running job sticks through its worker's release; a finished job is 409. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:workeridentity;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class JobCancelApiTest {

    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    // guards item 3 of issue 13: a worker shutting down after the cancel releases the job, which ends CANCELLED and is
    // never leased again; cancelling it once more, or a finished job, answers 409 and changes nothing
    @Test
    void aCancelledRunningJobReleasedByItsWorkerStaysCancelledAndAFinishedJobIs409() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        queue.list(JobState.QUEUED).forEach(j -> queue.cancel(j.id()));
        json(client.post("/api/agent/workers", "application/json", "{\"name\": \"box-cancel-api\", \"devices\": [" + CPU + "]}"), 200);
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 9, 0, 0);
        JsonNode leased = json(client.post("/api/agent/workers/box-cancel-api/lease", "application/json", CPU), 200);
        assertThat(leased.get("id").asLong()).isEqualTo(id);

        assertThat(json(client.post("/api/jobs/" + id + "/cancel", "application/json", ""), 200).get("state").asString())
                .isEqualTo("RUNNING");
        assertThat(client.post("/api/agent/workers/box-cancel-api/jobs/" + id + "/release?lease=" + leased.get("lease").asLong(),
                "application/json", "").statusCode()).isEqualTo(204);

        assertThat(queue.get(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(client.post("/api/agent/workers/box-cancel-api/lease", "application/json", CPU).statusCode()).isEqualTo(204);
        JsonNode again = json(client.post("/api/jobs/" + id + "/cancel", "application/json", ""), 409);
        assertThat(again.get("detail").asString()).contains("CANCELLED");
        long done = queue.enqueue(JobKind.TRAIN_FOLD, 9, 1, 0);
        queue.complete(queue.lease("box-cancel-api", DeviceSlot.cpu(0), false).orElseThrow());
        assertThat(json(client.post("/api/jobs/" + done + "/cancel", "application/json", ""), 409).get("detail").asString())
                .contains("SUCCEEDED");
        assertThat(queue.get(done).state()).isEqualTo(JobState.SUCCEEDED);
    }
}
