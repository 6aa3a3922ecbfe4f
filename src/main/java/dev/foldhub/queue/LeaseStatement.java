package dev.foldhub.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Claims one queued job. On PostgreSQL a single UPDATE over a SKIP LOCKED sub-select; elsewhere (H2)
 * a select followed by a version-guarded update, retried when another claimer won the row.
 */
@Component
class LeaseStatement {

    // why: among equal priorities, the subject (experiment) with the most finished jobs goes first, so fold sets
    // complete (4 of 5 folds done -> the 5th next) instead of every experiment advancing a little; subject_done is
    // kept by JobQueue, so the order is an index walk, not a count per queued row
    private static final String ORDER = " ORDER BY q.priority DESC, q.subject_done DESC, q.created_at, q.id";
    // why: the device fit is part of the one lease statement, so a job never reaches a device it does not fit
    // (params: the device's kind, 'server' for a worker inside the server or the kind again, its GPU memory)
    // why: the attempt budget is part of it too (foldhub.queue.max-attempts): whatever requeued a job, it is never leased
    // past its budget (the ways back to QUEUED fail a job whose budget is spent instead; see LeaseEnds)
    private static final String FITS = "q.state = 'QUEUED' AND q.device_kind IN ('any', ?, ?) AND q.min_memory_mb <= ? "
            + "AND q.attempts < q.max_attempts";
    // why: cancel_requested is left as it is: a queued job never has it (every way back to QUEUED is guarded by it, V13_1
    // cancelled the old ones), and a lease that cleared it would run a cancelled job again
    private static final String SET = "state = 'RUNNING', worker_id = ?, attempts = attempts + 1, "
            + "error = NULL, started_at = ?, heartbeat_at = ?, finished_at = NULL, version = version + 1";
    /** PostgreSQL's lease; params: worker, started, heartbeat, then {@link #FITS}'s. V12's partial index is in its order. */
    static final String POSTGRES = "UPDATE jobs SET " + SET + " WHERE id = (SELECT q.id FROM jobs q WHERE " + FITS + ORDER
            + " LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + JobRowMapper.COLUMNS;
    private static final JobRowMapper MAPPER = new JobRowMapper();

    private final JdbcClient jdbc;
    private final boolean postgres;

    LeaseStatement(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
    }

    Optional<Job> leaseOne(String workerId, DeviceSlot device, boolean serverSide, Instant now) {
        Timestamp ts = Timestamp.from(now);
        String kind = device.kind().sql();
        String server = serverSide ? DeviceKind.SERVER.sql() : kind;
        long memory = device.fitMemoryMb();
        if (postgres) {
            // why: SKIP LOCKED lets concurrent claimers take different rows instead of queueing on the first one.
            return jdbc.sql(POSTGRES).params(workerId, ts, ts, kind, server, memory).query(MAPPER).optional();
        }
        for (int tries = 0; tries < 20; tries++) {
            Optional<Job> candidate = jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs q WHERE " + FITS + ORDER + " LIMIT 1")
                    .params(kind, server, memory).query(MAPPER).optional();
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            Job job = candidate.get();
            int rows = jdbc.sql("UPDATE jobs SET " + SET + " WHERE id = ? AND version = ? AND state = 'QUEUED'")
                    .params(workerId, ts, ts, job.id(), job.version()).update();
            if (rows == 1) {
                return jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE id = ?").param(job.id()).query(MAPPER).optional();
            }
        }
        return Optional.empty();
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's product name", e);
        }
    }
}
