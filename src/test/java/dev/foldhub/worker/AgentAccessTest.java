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
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.ForbiddenException;
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
        registry.register("gpu-box", "remote", "gpu0", "token:1");
        registry.register("cpu-box", "remote", "cpu0", "token:2");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aWorkerTokenActsOnlyForTheWorkerItRegistered() {
        assertThat(access.worker("token:1", "gpu-box").owner()).isEqualTo("token:1");
        assertThatThrownBy(() -> access.worker("token:2", "gpu-box")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.worker("token:1", "unknown")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.checkRegistration("token:2", "gpu-box", false)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aJobIsReportedOnOnlyByTheWorkerHoldingItsLease() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("gpu-box", DeviceSlot.cpu(0), false).orElseThrow();

        assertThat(access.runningJob("token:1", "gpu-box", job.id(), job.version()).id()).isEqualTo(job.id());
        // token-b's own worker does not hold the job; token-b cannot pose as gpu-box either
        assertThatThrownBy(() -> access.runningJob("token:2", "cpu-box", job.id(), job.version()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.runningJob("token:2", "gpu-box", job.id(), job.version()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.runningJob("token:1", "gpu-box", job.id(), job.version() + 1))
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

    // guards item 1 of issue 13: no token may register an embedded worker's name or a name without an owner, and the
    // server cannot register its embedded worker under a remote agent's name
    @Test
    void anEmbeddedWorkersNameOrAnUnownedNameCannotBeRegisteredRemotely() {
        registry.register("embedded-host-1a2b", "embedded", "cpu0", null);
        registry.register("legacy-box", "remote", "cpu0", null);

        assertThatThrownBy(() -> access.checkRegistration("token:1", "embedded-host-1a2b", false))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("embedded worker");
        assertThatThrownBy(() -> access.checkRegistration("token:1", "legacy-box", false))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("no token");
        assertThatThrownBy(() -> access.checkRegistration(null, "new-box", false)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.checkRegistration(null, "gpu-box", true)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.worker("token:1", "embedded-host-1a2b")).isInstanceOf(ForbiddenException.class);
        // the atomic guard under the check: a second owner (or kind) cannot take a name over in the table either
        assertThatThrownBy(() -> registry.register("gpu-box", "remote", "cpu0", "token:2")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> registry.register("embedded-host-1a2b", "remote", "cpu0", "token:1"))
                .isInstanceOf(ForbiddenException.class);
        assertThat(access.worker("token:1", "gpu-box").owner()).isEqualTo("token:1");
    }
}
