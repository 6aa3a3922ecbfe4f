package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.QueueProperties;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.MutableClock;
import dev.foldhub.web.ConflictException;
import dev.foldhub.web.ForbiddenException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ownership rule with authenticated callers: a worker is bound to the token that registered it, and a worker
 * token acts only on jobs leased to its own worker (403 otherwise).
 */
class AgentAccessTest {

    private MigratedDatabase database;
    private WorkerRegistry registry;
    private JobQueue queue;
    private AgentAccess access;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        QueueProperties properties = new QueueProperties(Duration.ofSeconds(60), 3, Duration.ofSeconds(15));
        registry = new WorkerRegistry(database.jdbc(), clock, properties);
        queue = dev.foldhub.queue.TestQueues.create(database, clock, properties);
        access = new AgentAccess(registry, queue);
        registry.register("gpu-box", "remote", "gpu0", "token-a");
        registry.register("cpu-box", "remote", "cpu0", "token-b");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aWorkerTokenActsOnlyForTheWorkerItRegistered() {
        assertThat(access.worker("token-a", "gpu-box").owner()).isEqualTo("token-a");
        assertThatThrownBy(() -> access.worker("token-b", "gpu-box")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.worker("token-a", "unknown")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.checkRegistration("token-b", "gpu-box")).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aJobIsReportedOnOnlyByTheWorkerHoldingItsLease() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("gpu-box", DeviceSlot.cpu(0), false).orElseThrow();

        assertThat(access.runningJob("token-a", "gpu-box", job.id(), job.version()).id()).isEqualTo(job.id());
        // token-b's own worker does not hold the job; token-b cannot pose as gpu-box either
        assertThatThrownBy(() -> access.runningJob("token-b", "cpu-box", job.id(), job.version()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.runningJob("token-b", "gpu-box", job.id(), job.version()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.runningJob("token-a", "gpu-box", job.id(), job.version() + 1))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void withoutAuthenticationOnlyTheLeaseIsChecked() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("gpu-box", DeviceSlot.cpu(0), false).orElseThrow();

        assertThat(access.runningJob(null, "gpu-box", job.id(), job.version()).id()).isEqualTo(job.id());
        assertThatThrownBy(() -> access.runningJob(null, "cpu-box", job.id(), job.version()))
                .isInstanceOf(ForbiddenException.class);
    }
}
