package dev.foldhub.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ways a lease ends without an outcome from its worker: a clean release (shutdown), the worker registering again
 * after a crash, the reaper (no heartbeat). Whichever it is, a job whose cancel was asked for ends CANCELLED: a
 * cancel sticks and the job never runs again.
 * <p>
 * why: a cancel of a running job sets cancel_requested without bumping the version (the worker's lease stays valid,
 * it stops the job itself), so each statement here is guarded by the flag as well: a cancel that lands between a read
 * and a write makes the write miss instead of requeuing a cancelled job.
 */
final class LeaseEnds {

    static final String CANCELLED = "cancelled by request";
    private static final JobRowMapper MAPPER = new JobRowMapper();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueProperties properties;
    private final Counter requeued;
    private final Counter failedByReaper;

    LeaseEnds(JdbcClient jdbc, Clock clock, QueueProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.requeued = Counter.builder("foldhub.queue.requeued").description("running jobs requeued by the reaper")
                .register(meters);
        this.failedByReaper = Counter.builder("foldhub.queue.reaper.failed")
                .description("running jobs failed by the reaper after their last attempt").register(meters);
    }

    /** RUNNING -> QUEUED (or CANCELLED when a cancel was asked for) under this lease; false when the lease was lost. */
    boolean release(Job job) {
        // the flag only turns on while the job runs: one miss of each statement at most
        for (int tries = 0; tries < 2; tries++) {
            if (cancelRunning("id = ? AND version = ?", job.id(), job.version()) == 1) {
                return true;
            }
            // why: a clean release gives the lease's attempt back: shutdowns do not use up a job's budget
            int rows = jdbc.sql("UPDATE jobs SET state = 'QUEUED', worker_id = NULL, attempts = GREATEST(attempts - 1, 0), "
                            + "version = version + 1 WHERE id = ? AND version = ? AND state = 'RUNNING' AND cancel_requested = FALSE")
                    .params(job.id(), job.version()).update();
            if (rows == 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends every lease a worker still holds (it started again after a crash, so each of those attempts died with it);
     * returns how many. A job whose attempts are used up fails.
     */
    int releaseAllHeldBy(String workerId) {
        int cancelled = cancelRunning("worker_id = ?", workerId);
        int failed = jdbc.sql("UPDATE jobs SET state = 'FAILED', error = CAST(? AS VARCHAR(1000)) || CAST(attempts AS VARCHAR(20)) "
                        + "|| ' times while running this job', "
                        + "finished_at = ?, version = version + 1 "
                        + "WHERE worker_id = ? AND state = 'RUNNING' AND cancel_requested = FALSE AND attempts >= max_attempts")
                .params("worker " + workerId + " registered again after a crash: worker died ", now(), workerId).update();
        int requeued = jdbc.sql("UPDATE jobs SET state = 'QUEUED', worker_id = NULL, version = version + 1 "
                        + "WHERE worker_id = ? AND state = 'RUNNING' AND cancel_requested = FALSE")
                .param(workerId).update();
        return cancelled + failed + requeued;
    }

    /**
     * Requeues running jobs whose heartbeat is stale (their worker died), fails them once their attempts are used up,
     * cancels them when asked.
     */
    int reapStale() {
        Instant cutoff = clock.instant().minus(properties.heartbeatTimeout());
        List<Job> stale = jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE state = 'RUNNING' AND heartbeat_at < ?")
                .param(Timestamp.from(cutoff)).query(MAPPER).list();
        int reaped = 0;
        for (Job job : stale) {
            if (job.cancelRequested()) {
                reaped += cancelRunning("id = ? AND version = ?", job.id(), job.version());
                continue;
            }
            boolean retry = job.attempts() < job.maxAttempts();
            // every lease of the job but this one ended in a death too (a clean release gives its attempt back)
            String error = retry ? null : "worker " + job.workerId() + " stopped heartbeating: worker died " + job.attempts()
                    + " times while running this job (foldhub.queue.max-attempts = " + job.maxAttempts() + ")";
            // a cancel since the read makes this miss; the next pass cancels the job
            int rows = jdbc.sql("UPDATE jobs SET state = ?, error = ?, worker_id = NULL, finished_at = ?, version = version + 1 "
                            + "WHERE id = ? AND version = ? AND state = 'RUNNING' AND cancel_requested = FALSE")
                    .params(retry ? "QUEUED" : "FAILED", error, retry ? null : now(), job.id(), job.version())
                    .update();
            (retry ? requeued : failedByReaper).increment(rows);
            reaped += rows;
        }
        return reaped;
    }

    /** RUNNING -> CANCELLED for the rows that match and whose cancel was asked for. */
    private int cancelRunning(String where, Object... params) {
        Object[] all = new Object[params.length + 2];
        all[0] = CANCELLED;
        all[1] = now();
        System.arraycopy(params, 0, all, 2, params.length);
        return jdbc.sql("UPDATE jobs SET state = 'CANCELLED', error = ?, finished_at = ?, version = version + 1 WHERE "
                        + where + " AND state = 'RUNNING' AND cancel_requested = TRUE")
                .params(all).update();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
