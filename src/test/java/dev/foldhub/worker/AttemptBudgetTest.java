package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.JavaProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * foldhub.queue.max-attempts with real worker processes that die holding a job ({@link HaltingAgent}): the job fails
 * with the reason once its workers died that often, and is never leased again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.queue.max-attempts=3",
        "foldhub.queue.heartbeat-timeout=8s",
        "foldhub.queue.reap-interval=300ms",
        "spring.datasource.url=jdbc:h2:mem:attemptbudget;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class AttemptBudgetTest {

    @LocalServerPort
    int port;

    @Autowired
    JobQueue queue;

    @TempDir
    Path logs;

    // guards item 2 of issue 13: a job whose worker process dies max-attempts (3) times fails with that reason, and no
    // worker gets it again (before, each re-registration of a crashed agent requeued it and it was leased for ever)
    @Test
    void aJobWhoseWorkerProcessDiesMaxAttemptsTimesFailsWithThatReason() throws Exception {
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        String crashyToken = workerToken("crashy");

        assertThat(runAgent(workerToken("other"), "other", 60)).as("died holding the job").isEqualTo(3);
        assertThat(queue.get(id).attempts()).isEqualTo(1);
        // another machine waits for the reaper to requeue the dead one's job (a death), then dies too
        assertThat(runAgent(crashyToken, "crashy", 60)).isEqualTo(3);
        assertThat(queue.get(id).attempts()).isEqualTo(2);
        // it is restarted at once: its registration requeues the job it held (a death), it leases it and dies again
        assertThat(runAgent(crashyToken, "crashy", 60)).isEqualTo(3);
        assertThat(queue.get(id).attempts()).isEqualTo(3);

        // restarted once more: the third death spent the budget (found by its registration, or by the reaper first
        // on a slow machine), so there is nothing to lease
        assertThat(runAgent(crashyToken, "crashy", 3)).as("nothing to lease").isZero();
        Job failed = queue.get(id);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).startsWith("worker crashy ").contains("worker died 3 times while running this job");
        assertThat(runAgent(workerToken("last"), "last", 3)).as("nothing to lease").isZero();
    }

    private int runAgent(String token, String name, int waitSeconds) throws Exception {
        Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
        Process agent = JavaProcess.start(List.of("-Xmx64m"), HaltingAgent.class.getName(),
                List.of(String.valueOf(port), token, name, String.valueOf(waitSeconds)), log);
        try {
            assertThat(agent.waitFor(waitSeconds + 60, TimeUnit.SECONDS)).as("agent %s ended: %s", name, JavaProcess.read(log))
                    .isTrue();
            return agent.exitValue();
        } finally {
            agent.destroyForcibly();
        }
    }

    private String workerToken(String name) throws Exception {
        return json(new HttpTestClient(port).post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }
}
