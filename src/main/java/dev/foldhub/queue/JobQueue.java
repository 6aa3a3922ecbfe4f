package dev.foldhub.queue;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The job table: enqueue, lease, heartbeat, complete, fail, cancel, reap. Every state change is
 * guarded by the row's version (0 rows updated = lost a race, not an error).
 */
@Service
public class JobQueue {

    private static final JobRowMapper MAPPER = new JobRowMapper();
    private static final int MAX_ERROR = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueProperties properties;
    private final LeaseStatement lease;
    private final LeaseEnds ends;
    private final Timer leaseLatency;
    private final ApplicationEventPublisher events;

    public JobQueue(JdbcClient jdbc, Clock clock, QueueProperties properties, LeaseStatement lease, MeterRegistry meters) {
        this(jdbc, clock, properties, lease, meters, event -> {
        });
    }

    /** events: where {@link JobQueued} goes (the embedded worker listens, after the commit). */
    @Autowired
    public JobQueue(JdbcClient jdbc, Clock clock, QueueProperties properties, LeaseStatement lease, MeterRegistry meters,
                    ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.lease = lease;
        this.leaseLatency = Timer.builder("foldhub.queue.lease").description("time to lease a job (or find none)")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.ends = new LeaseEnds(jdbc, clock, properties, meters);
    }

    /** Queues a job with its kind's default requirement ({@link JobRequirement#of}) and returns its id. */
    public long enqueue(JobKind kind, long subjectId, Integer fold, int priority) {
        return enqueue(kind, subjectId, fold, priority, JobRequirement.of(kind));
    }

    /** Queues a job that only a fitting device may lease, and returns its id. */
    public long enqueue(JobKind kind, long subjectId, Integer fold, int priority, JobRequirement requirement) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO jobs (kind, subject_id, fold, state, priority, device_kind, min_memory_mb, max_attempts, "
                        + "created_at, version, subject_done) VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, 0, ?)")
                .params(kind.name(), subjectId, fold, priority, requirement.deviceKind().sql(), requirement.minMemoryMb(),
                        properties.maxAttempts(), now(), subjectDone(kind.name(), subjectId))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(new JobQueued(id, kind));
        return id;
    }

    /** Leases the most urgent queued job for a worker inside the server with one CPU slot (any job but GPU ones). */
    public Optional<Job> lease(String workerId) {
        return lease(workerId, DeviceSlot.cpu(0), true);
    }

    /**
     * Leases the most urgent queued job that fits the device, or nothing.
     *
     * @param serverSide whether the worker runs inside the server and so may take SERVER jobs
     */
    public Optional<Job> lease(String workerId, DeviceSlot device, boolean serverSide) {
        return leaseLatency.record(() -> lease.leaseOne(workerId, device, serverSide, clock.instant()));
    }

    /**
     * Records that the worker still runs the job. Returns false when the worker no longer holds it
     * (requeued, cancelled or finished elsewhere): the worker must stop.
     */
    public boolean heartbeat(Job job) {
        int rows = jdbc.sql("UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND version = ? AND state = 'RUNNING'")
                .params(now(), job.id(), job.version())
                .update();
        return rows == 1;
    }

    /** Whether someone asked to cancel this job. */
    public boolean cancelRequested(long jobId) {
        return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = ?").param(jobId)
                .query(Boolean.class).optional().orElse(true);
    }

    /** RUNNING -> SUCCEEDED; false when the lease was lost. */
    public boolean complete(Job job) {
        return finish(job, JobState.SUCCEEDED, null);
    }

    /** RUNNING -> FAILED with the reason; false when the lease was lost. */
    public boolean fail(Job job, String error) {
        return finish(job, JobState.FAILED, error);
    }

    /** RUNNING -> CANCELLED once the worker has stopped it; false when the lease was lost. */
    public boolean markCancelled(Job job) {
        return finish(job, JobState.CANCELLED, LeaseEnds.CANCELLED);
    }

    private boolean finish(Job job, JobState state, String error) {
        String reason = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        int rows = jdbc.sql("UPDATE jobs SET state = ?, error = ?, finished_at = ?, version = version + 1 "
                        + "WHERE id = ? AND version = ? AND state = 'RUNNING'")
                .params(state.name(), reason, now(), job.id(), job.version())
                .update();
        if (rows == 1 && state == JobState.SUCCEEDED) {
            // why: not a state change of the siblings, so no version bump; the lease orders by this count
            jdbc.sql("UPDATE jobs SET subject_done = subject_done + 1 WHERE kind = ? AND subject_id = ? "
                            + "AND state IN ('QUEUED', 'RUNNING', 'FAILED', 'CANCELLED')")
                    .params(job.kind().name(), job.subjectId()).update();
        }
        return rows == 1;
    }

    /**
     * RUNNING -> QUEUED at once, for a worker that shuts down cleanly: another worker may take it now. A job whose
     * cancel was asked for ends CANCELLED instead. False when the lease was lost.
     */
    public boolean release(Job job) {
        return ends.release(job);
    }

    /** Ends every lease a worker still holds: used when that worker starts again after a crash (cancelled jobs stay so). */
    public int releaseAllHeldBy(String workerId) {
        return ends.releaseAllHeldBy(workerId);
    }

    /** How many jobs are in each state, for metrics. */
    public long count(JobState state) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE state = ?").param(state.name()).query(Long.class).single();
    }

    /**
     * Cancels a job: a queued one at once, a running one through its worker's next check (and for good: the job never
     * runs again, whatever happens to its worker). A finished job cannot be cancelled (409).
     */
    @Transactional
    public Job cancel(long jobId) {
        for (int tries = 0; tries < 10; tries++) {
            Job job = get(jobId);
            switch (job.state()) {
                case QUEUED -> {
                    int rows = jdbc.sql("UPDATE jobs SET state = 'CANCELLED', error = 'cancelled by request', finished_at = ?, "
                                    + "version = version + 1 WHERE id = ? AND version = ?")
                            .params(now(), jobId, job.version()).update();
                    if (rows == 1) {
                        return get(jobId);
                    }
                }
                case RUNNING -> {
                    // why: not a state change, so no version bump: the worker's lease stays valid and it ends the job itself.
                    // Whatever ends the lease otherwise (release, reaper, the worker's restart) ends the job CANCELLED.
                    int rows = jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = ? AND version = ? AND state = 'RUNNING'")
                            .params(jobId, job.version()).update();
                    if (rows == 1) {
                        return get(jobId);
                    }
                }
                default -> throw new ConflictException("job " + jobId + " is " + job.state() + " and cannot be cancelled");
            }
        }
        throw new ConflictException("job " + jobId + " changed state repeatedly; try again");
    }

    /** FAILED or CANCELLED -> QUEUED with a fresh attempt budget; any other state is a conflict (409). */
    public Job retry(long jobId) {
        Job job = get(jobId);
        if (!job.state().canMoveTo(JobState.QUEUED) || job.state() == JobState.RUNNING) {
            throw new ConflictException("job " + jobId + " is " + job.state() + "; only FAILED or CANCELLED jobs can be retried");
        }
        int rows = jdbc.sql("UPDATE jobs SET state = 'QUEUED', attempts = 0, error = NULL, cancel_requested = FALSE, "
                        + "worker_id = NULL, started_at = NULL, finished_at = NULL, heartbeat_at = NULL, version = version + 1 "
                        + "WHERE id = ? AND version = ?")
                .params(jobId, job.version()).update();
        if (rows == 0) {
            throw new ConflictException("job " + jobId + " changed state meanwhile; try again");
        }
        events.publishEvent(new JobQueued(jobId, job.kind()));
        return get(jobId);
    }

    /**
     * Requeues running jobs whose heartbeat is stale, fails them once their attempts are used up, and ends a job
     * whose cancel was asked for as CANCELLED.
     */
    public int reapStale() {
        return ends.reapStale();
    }

    public Job get(long jobId) {
        return find(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
    }

    public Optional<Job> find(long jobId) {
        return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE id = ?").param(jobId).query(MAPPER).optional();
    }

    /** Jobs in a state (all when null), newest first. */
    public List<Job> list(JobState state) {
        if (state == null) {
            return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs ORDER BY id DESC").query(MAPPER).list();
        }
        return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE state = ? ORDER BY id DESC")
                .param(state.name()).query(MAPPER).list();
    }

    /** All jobs of a kind, oldest first: one query for views of many subjects. */
    public List<Job> ofKind(JobKind kind) {
        return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE kind = ? ORDER BY id").param(kind.name())
                .query(MAPPER).list();
    }

    /** The jobs of one subject (an experiment's fold jobs, say), oldest first. */
    public List<Job> forSubject(JobKind kind, long subjectId) {
        return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE kind = ? AND subject_id = ? ORDER BY id")
                .params(kind.name(), subjectId).query(MAPPER).list();
    }

    /**
     * Deletes the jobs of these subjects that are not running (queued ones and the finished history) when their subject
     * goes away, and says how many of them are running still (those are kept). why: a lease racing with this sees the
     * rows locked (SKIP LOCKED) or, once leased, keeps the job RUNNING here; the caller refuses on a non-zero answer
     * and rolls the deletes back.
     */
    public int deleteUnlessRunning(JobKind kind, Collection<Long> subjectIds) {
        if (subjectIds.isEmpty()) {
            return 0;
        }
        jdbc.sql("DELETE FROM jobs WHERE kind = :kind AND subject_id IN (:ids) AND state <> 'RUNNING'")
                .param("kind", kind.name()).param("ids", subjectIds).update();
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE kind = :kind AND subject_id IN (:ids)")
                .param("kind", kind.name()).param("ids", subjectIds).query(Integer.class).single();
    }

    /** How many jobs of the subject have succeeded: the lease's tie-break for a job queued now. */
    private int subjectDone(String kind, long subjectId) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE kind = ? AND subject_id = ? AND state = 'SUCCEEDED'")
                .params(kind, subjectId).query(Integer.class).single();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
