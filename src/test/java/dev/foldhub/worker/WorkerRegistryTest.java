package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.queue.QueueProperties;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.MutableClock;
import dev.foldhub.errors.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workers table: registration, online/offline by last contact, retirement. */
class WorkerRegistryTest {

    private MigratedDatabase database;
    private MutableClock clock;
    private WorkerRegistry registry;

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        registry = new WorkerRegistry(database.jdbc(), clock, new QueueProperties(Duration.ofSeconds(60), 3, Duration.ofSeconds(15)));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aWorkerIsOnlineUntilItsLastContactIsOlderThanTheHeartbeatTimeout() {
        registry.register("gpu-box", "remote", "gpu:0,gpu:1");
        assertThat(registry.get("gpu-box").state()).isEqualTo("ONLINE");
        assertThat(registry.get("gpu-box").devices()).isEqualTo("gpu:0,gpu:1");

        clock.advance(Duration.ofSeconds(61));
        assertThat(registry.get("gpu-box").state()).isEqualTo("OFFLINE");

        assertThat(registry.seen("gpu-box")).isTrue();
        assertThat(registry.get("gpu-box").state()).isEqualTo("ONLINE");
    }

    @Test
    void aRetiredWorkerIsToldToLeaseNothingUntilItRegistersAgain() {
        registry.register("w", "embedded", "cpu:1");

        assertThat(registry.retire("w").state()).isEqualTo("RETIRED");
        assertThat(registry.seen("w")).isFalse();

        registry.register("w", "embedded", "cpu:1");
        assertThat(registry.seen("w")).isTrue();
    }

    @Test // guards: an agent's calls move last_seen_at at most every SEEN_EVERY (no write per call), and keep it online
    void callsOfAWorkerMoveItsLastContactAtMostEveryFewSeconds() {
        registry.register("w", "remote", "cpu0");
        Instant registered = registry.get("w").lastSeenAt();
        clock.advance(WorkerRegistry.SEEN_EVERY);
        registry.seen(registry.identity("w").orElseThrow());
        assertThat(registry.get("w").lastSeenAt()).isEqualTo(registered);

        clock.advance(Duration.ofMillis(1));
        registry.seen(registry.identity("w").orElseThrow());
        assertThat(registry.get("w").lastSeenAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(59));
        assertThat(registry.get("w").state()).isEqualTo("ONLINE");
        assertThat(registry.identity("w").orElseThrow().retired()).isFalse();
        registry.retire("w");
        assertThat(registry.identity("w").orElseThrow().retired()).isTrue();
    }

    @Test
    void currentJobsAreTheRunningJobsItHolds() {
        registry.register("w", "embedded", "cpu:1");
        database.jdbc().sql("INSERT INTO jobs (kind, subject_id, fold, state, worker_id, created_at) VALUES "
                + "('TRAIN_FOLD', 1, 0, 'RUNNING', 'w', CURRENT_TIMESTAMP), ('TRAIN_FOLD', 1, 1, 'SUCCEEDED', 'w', CURRENT_TIMESTAMP)").update();

        assertThat(registry.get("w").currentJobs()).hasSize(1);
        assertThat(registry.list()).extracting(WorkerView::id).containsExactly("w");
    }

    @Test
    void unknownWorkersAreNotFound() {
        assertThatThrownBy(() -> registry.retire("nobody")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.get("nobody")).isInstanceOf(NotFoundException.class);
    }

    // guards item 1 of issue 13: each server process registers an embedded worker of its own, so those of processes
    // long gone are forgotten, unless they still hold a running job (the reaper requeues it first)
    @Test
    void embeddedWorkersOfProcessesLongOfflineAreForgottenUnlessTheyHoldARunningJob() {
        registry.register("embedded-old-1", "embedded", "cpu0");
        registry.register("embedded-old-2", "embedded", "cpu0");
        registry.register("remote-old", "remote", "cpu0", "token:1");
        database.jdbc().sql("INSERT INTO jobs (kind, subject_id, fold, state, worker_id, created_at) VALUES "
                + "('TRAIN_FOLD', 1, 0, 'RUNNING', 'embedded-old-2', CURRENT_TIMESTAMP)").update();
        clock.advance(Duration.ofMinutes(61));
        registry.register("embedded-new", "embedded", "cpu0");

        assertThat(registry.forgetOfflineEmbedded(Duration.ofHours(1))).isEqualTo(1);

        assertThat(registry.list()).extracting(WorkerView::id).containsExactly("embedded-new", "embedded-old-2", "remote-old");
    }
}
