package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded worker leases a job as soon as it is queued (after the commit of the transaction that queued it), not
 * at its next poll: a blend of seconds does not wait a poll interval. The poll interval here is a minute.
 */
@SpringBootTest(properties = {
        "foldhub.worker.poll-interval=60s",
        "spring.datasource.url=jdbc:h2:mem:embeddedwake;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class EmbeddedWorkerWakeTest {

    @TempDir
    static Path temp;

    @Autowired
    JobQueue queue;

    @Autowired
    PlatformTransactionManager transactions;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @Test
    void aJobQueuedOutsideATransactionIsLeasedAtOnce() throws Exception {
        // a blend of an ensemble that does not exist: the worker leases it and it fails, which is all this test needs
        long job = queue.enqueue(JobKind.BLEND, 987_654, null, 0);
        assertThat(secondsUntilLeased(job)).isLessThan(20);
    }

    @Test
    void aJobQueuedInATransactionIsLeasedOnceItCommits() throws Exception {
        long job = new TransactionTemplate(transactions).execute(status -> {
            long id = queue.enqueue(JobKind.BLEND, 987_655, null, 0);
            sleep(500); // the worker cannot see the row yet: a wake-up now would find nothing and wait the minute
            return id;
        });
        assertThat(secondsUntilLeased(job)).isLessThan(20);
    }

    private double secondsUntilLeased(long job) throws InterruptedException {
        long start = System.nanoTime();
        while (queue.get(job).state() == JobState.QUEUED && System.nanoTime() - start < Duration.ofSeconds(40).toNanos()) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
