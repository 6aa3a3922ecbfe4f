package dev.foldhub.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.MutableClock;
import dev.foldhub.errors.ConflictException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queue's semantics, run against each database Foldhub supports. */
abstract class JobQueueContract {

    private MigratedDatabase database;
    private MutableClock clock;
    private JobQueue queue;

    abstract MigratedDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase();
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        JdbcClient jdbc = database.jdbc();
        queue = new JobQueue(jdbc, clock, new QueueProperties(Duration.ofSeconds(60), 2, Duration.ofSeconds(15)),
                new LeaseStatement(jdbc, database.dataSource()), new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void leaseTakesTheHighestPriorityThenTheOldestJob() {
        long low = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        clock.advance(Duration.ofSeconds(1));
        long high = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 5);
        clock.advance(Duration.ofSeconds(1));
        long lowLater = queue.enqueue(JobKind.TRAIN_FOLD, 1, 2, 0);

        assertThat(queue.lease("w").orElseThrow().id()).isEqualTo(high);
        assertThat(queue.lease("w").orElseThrow().id()).isEqualTo(low);
        assertThat(queue.lease("w").orElseThrow().id()).isEqualTo(lowLater);
        assertThat(queue.lease("w")).isEmpty();
    }

    @Test
    void amongEqualPrioritiesTheFoldSetClosestToDoneGoesFirst() {
        // experiment 200 finishes 2 of its 3 folds; then experiment 100 queues 3 folds; then 200 queues its last
        for (int fold = 0; fold < 2; fold++) {
            queue.enqueue(JobKind.TRAIN_FOLD, 200, fold, 0);
            assertThat(queue.complete(queue.lease("w").orElseThrow())).isTrue();
        }
        clock.advance(Duration.ofSeconds(1));
        for (int fold = 0; fold < 3; fold++) {
            queue.enqueue(JobKind.TRAIN_FOLD, 100, fold, 0);
        }
        clock.advance(Duration.ofSeconds(1));
        long last = queue.enqueue(JobKind.TRAIN_FOLD, 200, 2, 0);

        assertThat(queue.lease("w").orElseThrow().id()).as("the newest job, but its fold set is 2/3 done").isEqualTo(last);
        Job next = queue.lease("w").orElseThrow();
        assertThat(next.subjectId()).isEqualTo(100);
        // a success counts for the subject's jobs still queued: experiment 100 (1 done) now goes before a fresh one
        queue.enqueue(JobKind.TRAIN_FOLD, 300, 0, 0);
        assertThat(queue.complete(next)).isTrue();
        assertThat(queue.lease("w").orElseThrow().subjectId()).isEqualTo(100);
    }

    @Test
    void leaseMarksTheJobRunningForThatWorkerAndCountsTheAttempt() {
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 7, 3, 0);
        Job job = queue.lease("worker-a").orElseThrow();

        assertThat(job.id()).isEqualTo(id);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.workerId()).isEqualTo("worker-a");
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.subjectId()).isEqualTo(7);
        assertThat(job.fold()).isEqualTo(3);
        assertThat(job.startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void completeFinishesTheJobOnceAndAStaleCopyLosesTheRace() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();

        assertThat(queue.complete(job)).isTrue();
        assertThat(queue.complete(job)).isFalse();
        assertThat(queue.fail(job, "late")).isFalse();
        Job done = queue.get(job.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.error()).isNull();
    }

    @Test
    void failRecordsTheReason() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();

        assertThat(queue.fail(job, "out of memory")).isTrue();
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.FAILED);
        assertThat(queue.get(job.id()).error()).isEqualTo("out of memory");
        assertThat(queue.list(JobState.FAILED)).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void cancellingAQueuedJobTakesItOutOfTheQueue() {
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);

        assertThat(queue.cancel(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.lease("w")).isEmpty();
    }

    @Test
    void cancellingARunningJobFlagsItForItsWorker() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();

        assertThat(queue.cancel(job.id()).state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.cancelRequested(job.id())).isTrue();
        assertThat(queue.heartbeat(job)).isTrue();
        assertThat(queue.markCancelled(job)).isTrue();
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void cancellingAFinishedJobIsAConflict() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();
        queue.complete(job);

        assertThatThrownBy(() -> queue.cancel(job.id())).isInstanceOf(ConflictException.class);
    }

    // guards item 3 of issue 13: a cancelled running job whose worker dies is cancelled by the reaper, not requeued
    @Test
    void aCancelledRunningJobWhoseWorkerDiesEndsCancelledAndIsNeverLeasedAgain() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("dying").orElseThrow();
        queue.cancel(job.id());

        clock.advance(Duration.ofMinutes(2));
        assertThat(queue.reapStale()).isEqualTo(1);

        Job cancelled = queue.get(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled by request");
        assertThat(cancelled.finishedAt()).isEqualTo(clock.instant());
        assertThat(queue.lease("next")).isEmpty();
        assertThat(queue.heartbeat(job)).isFalse();
    }

    // guards item 3 of issue 13: a clean release (worker shutdown) of a cancelled job cancels it instead of requeuing
    @Test
    void releasingACancelledRunningJobCancelsItInsteadOfRequeuingIt() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("stopping").orElseThrow();
        queue.cancel(job.id());

        assertThat(queue.release(job)).isTrue();

        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.lease("next")).isEmpty();
        assertThat(queue.release(job)).as("the lease is over").isFalse();
    }

    // guards item 3 of issue 13: a worker that restarts after a crash gets its cancelled job cancelled, the others requeued
    @Test
    void aRestartedWorkersCancelledJobIsCancelledAndItsOtherJobsRequeued() {
        long cancelled = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        long other = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 0);
        queue.lease("box");
        queue.lease("box");
        queue.cancel(cancelled);

        assertThat(queue.releaseAllHeldBy("box")).isEqualTo(2);

        assertThat(queue.get(cancelled).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.get(other).state()).isEqualTo(JobState.QUEUED);
        assertThat(queue.lease("box")).map(Job::id).contains(other);
        assertThat(queue.lease("box")).isEmpty();
    }

    // guards item 3 of issue 13: a cancel that lands after the reaper read a stale job is not lost by its write
    @Test
    void aCancelLandingBetweenTheReapersReadAndWriteStillSticks() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("slow").orElseThrow();
        clock.advance(Duration.ofMinutes(2));
        queue.cancel(job.id());
        // the state a reaper that read the row before the cancel holds: a requeue guarded by the flag it saw misses
        assertThat(database.jdbc().sql("UPDATE jobs SET state = 'QUEUED', version = version + 1 WHERE id = ? AND version = ? "
                + "AND state = 'RUNNING' AND cancel_requested = FALSE").params(job.id(), job.version()).update()).isZero();

        queue.reapStale();
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    // guards item 3 of issue 13: cancelling a finished job is a conflict whatever its outcome, and changes nothing
    @Test
    void cancellingAFailedOrCancelledJobIsAConflictToo() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();
        queue.fail(job, "boom");
        long queued = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 0);
        queue.cancel(queued);

        assertThatThrownBy(() -> queue.cancel(job.id())).isInstanceOf(ConflictException.class).hasMessageContaining("FAILED");
        assertThatThrownBy(() -> queue.cancel(queued)).isInstanceOf(ConflictException.class).hasMessageContaining("CANCELLED");
        assertThat(queue.get(job.id()).error()).isEqualTo("boom");
    }

    // guards item 3 of issue 13: a retried cancelled job runs again without the old cancel
    @Test
    void retryingACancelledJobClearsItsCancel() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();
        queue.cancel(job.id());
        queue.release(job);

        queue.retry(job.id());
        Job again = queue.lease("w").orElseThrow();
        assertThat(again.cancelRequested()).isFalse();
        assertThat(queue.release(again)).isTrue();
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void reaperRequeuesAJobWhoseWorkerStoppedHeartbeatingAndTheDeadWorkerLosesIt() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("dead").orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.heartbeat(job)).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(queue.reapStale()).isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.reapStale()).isEqualTo(1);

        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.QUEUED);
        assertThat(queue.heartbeat(job)).isFalse();
        assertThat(queue.complete(job)).isFalse();
        Job again = queue.lease("alive").orElseThrow();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void reaperFailsAJobOnceItsAttemptsAreUsedUp() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        queue.lease("dead-1").orElseThrow();
        clock.advance(Duration.ofMinutes(2));
        queue.reapStale();
        Job second = queue.lease("dead-2").orElseThrow();
        clock.advance(Duration.ofMinutes(2));
        queue.reapStale();

        Job failed = queue.get(second.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("stopped heartbeating").contains("worker died 2 times while running this job");
        assertThat(queue.lease("next")).isEmpty();
    }

    // guards item 2 of issue 13: the lease itself keeps the budget, whatever put a spent job back in the queue
    @Test
    void noJobIsLeasedPastItsAttemptBudget() {
        long spent = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 5);
        long fresh = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 0);
        database.jdbc().sql("UPDATE jobs SET attempts = max_attempts WHERE id = ?").param(spent).update();

        assertThat(queue.lease("w")).map(Job::id).contains(fresh);
        assertThat(queue.lease("w")).isEmpty();
        assertThat(queue.get(spent).state()).isEqualTo(JobState.QUEUED);
    }

    // guards item 2 of issue 13: a clean release (shutdown) gives the attempt back, however often it happens
    @Test
    void aCleanReleaseDoesNotUseUpAnAttempt() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        for (int shutdown = 0; shutdown < 5; shutdown++) {
            Job job = queue.lease("w" + shutdown).orElseThrow();
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(queue.release(job)).isTrue();
        }
        assertThat(queue.get(queue.lease("last").orElseThrow().id()).attempts()).isEqualTo(1);
    }

    // guards item 2 of issue 13: a worker that restarts after dying with the job on its last attempt fails the job
    @Test
    void aWorkerRestartingAfterItsLastAttemptDiedFailsTheJob() {
        long id = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        queue.lease("crashy");
        assertThat(queue.releaseAllHeldBy("crashy")).isEqualTo(1);
        assertThat(queue.get(id).state()).isEqualTo(JobState.QUEUED);
        queue.lease("crashy");

        assertThat(queue.releaseAllHeldBy("crashy")).isEqualTo(1);

        Job failed = queue.get(id);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("worker crashy registered again after a crash: worker died 2 times while running this job");
        assertThat(failed.finishedAt()).isEqualTo(clock.instant());
        assertThat(queue.lease("crashy")).isEmpty();
    }

    @Test
    void releaseRequeuesAJobAtOnce() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();

        assertThat(queue.release(job)).isTrue();
        assertThat(queue.lease("other")).map(Job::id).contains(job.id());
    }

    @Test
    void retryRequeuesAFailedOrCancelledJobButNotARunningOne() {
        queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);
        Job job = queue.lease("w").orElseThrow();
        assertThatThrownBy(() -> queue.retry(job.id())).isInstanceOf(ConflictException.class);
        queue.fail(job, "boom");

        Job retried = queue.retry(job.id());

        assertThat(retried.state()).isEqualTo(JobState.QUEUED);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.error()).isNull();
        assertThat(queue.lease("w")).map(Job::id).contains(job.id());
    }

    @Test
    void manyClaimersTakeEachJobExactlyOnce() throws Exception {
        int jobs = 200;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(JobKind.TRAIN_FOLD, i, 0, i % 3);
        }
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            String worker = "w" + t;
            pool.submit(() -> {
                Optional<Job> job;
                while ((job = queue.lease(worker)).isPresent()) {
                    if (!taken.add(job.get().id())) {
                        duplicates.incrementAndGet();
                    }
                    queue.complete(job.get());
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        assertThat(duplicates.get()).isZero();
        assertThat(taken).hasSize(jobs);
        assertThat(queue.list(JobState.SUCCEEDED)).hasSize(jobs);
    }

    @Test
    void aGpuJobGoesOnlyToAGpuWithEnoughMemory() {
        long big = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0, new JobRequirement(DeviceKind.GPU, 40_000));
        DeviceSlot small = new DeviceSlot(DeviceKind.GPU, 0, 24_000);
        DeviceSlot large = new DeviceSlot(DeviceKind.GPU, 1, 81_000);

        assertThat(queue.lease("cpu-box", DeviceSlot.cpu(0), false)).isEmpty();
        assertThat(queue.lease("small-gpu", small, false)).isEmpty();
        Job job = queue.lease("large-gpu", large, false).orElseThrow();
        assertThat(job.id()).isEqualTo(big);
        assertThat(job.deviceKind()).isEqualTo("gpu");
        assertThat(job.minMemoryMb()).isEqualTo(40_000);
    }

    @Test
    void aCpuJobSkipsGpusAndAnAnyJobTakesEitherWhileTheMemoryMinimumOnlyLimitsGpus() {
        long cpuOnly = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 5, new JobRequirement(DeviceKind.CPU, 0));
        long anyBig = queue.enqueue(JobKind.TRAIN_FOLD, 1, 1, 0, new JobRequirement(DeviceKind.ANY, 16_000));
        DeviceSlot gpu = new DeviceSlot(DeviceKind.GPU, 0, 8_000);

        // the higher-priority cpu job is skipped by the gpu, and the any job needs more than its 8 GB
        assertThat(queue.lease("gpu-box", gpu, false)).isEmpty();
        assertThat(queue.lease("cpu-box", DeviceSlot.cpu(0), false)).map(Job::id).contains(cpuOnly);
        assertThat(queue.lease("cpu-box", DeviceSlot.cpu(1), false)).map(Job::id).contains(anyBig);
    }

    @Test
    void serverJobsGoOnlyToAWorkerInsideTheServer() {
        long blend = queue.enqueue(JobKind.BLEND, 9, null, 10);
        long fold = queue.enqueue(JobKind.TRAIN_FOLD, 1, 0, 0);

        assertThat(queue.get(blend).deviceKind()).isEqualTo("server");
        assertThat(queue.lease("agent", new DeviceSlot(DeviceKind.GPU, 0, 81_000), false)).map(Job::id).contains(fold);
        assertThat(queue.lease("agent", DeviceSlot.cpu(0), false)).isEmpty();
        assertThat(queue.lease("embedded", DeviceSlot.cpu(0), true)).map(Job::id).contains(blend);
    }

    @Test
    void forSubjectListsAnExperimentsJobsInOrder() {
        long a = queue.enqueue(JobKind.TRAIN_FOLD, 42, 0, 0);
        long b = queue.enqueue(JobKind.TRAIN_FOLD, 42, 1, 0);
        queue.enqueue(JobKind.TRAIN_FOLD, 43, 0, 0);

        List<Job> jobs = queue.forSubject(JobKind.TRAIN_FOLD, 42);
        assertThat(jobs).extracting(Job::id).containsExactly(a, b);
    }
}
