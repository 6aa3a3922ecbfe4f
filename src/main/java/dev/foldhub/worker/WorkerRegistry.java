package dev.foldhub.worker;

import dev.foldhub.queue.QueueProperties;
import dev.foldhub.errors.ForbiddenException;
import dev.foldhub.errors.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workers table: who leases jobs, on which devices, when it was last seen, whether it is retired. */
@Service
class WorkerRegistry {

    /** The longest a call of a worker may go without moving its last_seen_at (far below the heartbeat timeout). */
    static final Duration SEEN_EVERY = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueProperties queue;

    WorkerRegistry(JdbcClient jdbc, Clock clock, QueueProperties queue) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = queue;
    }

    /** Registers a worker, or refreshes its devices and brings it back from retirement when it registers again. */
    @Transactional
    void register(String id, String kind, String devices) {
        register(id, kind, devices, null);
    }

    /**
     * Registers a worker for its owner (a remote agent's token as {@code Caller.ownerKey()}; null for an embedded
     * worker), or refreshes its devices and brings it back from retirement when the same owner registers it again.
     * 403 when the name is another owner's or another kind's (the caller checked that before; this is the atomic guard).
     */
    @Transactional
    void register(String id, String kind, String devices, String owner) {
        Timestamp now = Timestamp.from(clock.instant());
        // why: kind and owner are part of the guard, so of two principals racing for a new name only one gets it
        int updated = jdbc.sql("UPDATE workers SET devices = ?, retired = FALSE, last_seen_at = ? WHERE id = ? AND kind = ? AND "
                        + (owner == null ? "owner IS NULL" : "owner = ?"))
                .params(owner == null ? List.of(devices, now, id, kind) : List.of(devices, now, id, kind, owner)).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO workers (id, kind, devices, retired, registered_at, last_seen_at, owner) "
                                + "VALUES (?, ?, ?, FALSE, ?, ?, ?)")
                        .params(id, kind, devices, now, now, owner).update();
            } catch (DuplicateKeyException e) {
                throw new ForbiddenException("worker name '" + id + "' is registered by another token or server");
            }
        }
    }

    /**
     * Removes the rows of embedded workers (one per server process that ever ran) that have been offline for longer
     * than {@code after} and hold no running job; returns how many went.
     */
    int forgetOfflineEmbedded(Duration after) {
        return jdbc.sql("DELETE FROM workers WHERE kind = 'embedded' AND last_seen_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.worker_id = workers.id AND j.state = 'RUNNING')")
                .param(Timestamp.from(clock.instant().minus(after))).update();
    }

    /** Who a worker is for the ownership check: its kind ("embedded" or "remote"), owner, retirement and last contact. */
    Optional<WorkerIdentity> identity(String id) {
        return jdbc.sql("SELECT kind, owner, retired, last_seen_at FROM workers WHERE id = ?").param(id)
                .query((rs, n) -> new WorkerIdentity(id, rs.getString("kind"), rs.getString("owner"), rs.getBoolean("retired"),
                        rs.getTimestamp("last_seen_at").toInstant())).optional();
    }

    /** How many workers are not retired and were seen within the heartbeat timeout. */
    long countOnline() {
        return jdbc.sql("SELECT COUNT(*) FROM workers WHERE retired = FALSE AND last_seen_at > ?")
                .param(Timestamp.from(clock.instant().minus(queue.heartbeatTimeout()))).query(Long.class).single();
    }

    /** Records that the worker is alive; returns false when it has been retired (it must lease nothing more). */
    boolean seen(String id) {
        jdbc.sql("UPDATE workers SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(clock.instant()), id).update();
        return !jdbc.sql("SELECT retired FROM workers WHERE id = ?").param(id).query(Boolean.class).optional().orElse(true);
    }

    /**
     * Records that a worker just read by {@link #identity} is alive. why: last_seen_at only tells online from offline
     * (after the heartbeat timeout), so it is written at most every {@link #SEEN_EVERY}, not on every call of an agent.
     */
    void seen(WorkerIdentity worker) {
        Instant now = clock.instant();
        if (worker.lastSeenAt().isBefore(now.minus(SEEN_EVERY))) {
            jdbc.sql("UPDATE workers SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(now), worker.id()).update();
        }
    }

    /** Retires a worker: it finishes what it runs and leases nothing more. */
    WorkerView retire(String id) {
        if (jdbc.sql("UPDATE workers SET retired = TRUE WHERE id = ?").param(id).update() == 0) {
            throw new NotFoundException("worker", id);
        }
        return get(id);
    }

    List<WorkerView> list() {
        return jdbc.sql("SELECT id FROM workers ORDER BY id").query(String.class).list().stream().map(this::get).toList();
    }

    WorkerView get(String id) {
        return jdbc.sql("SELECT id, kind, devices, retired, registered_at, last_seen_at FROM workers WHERE id = ?")
                .param(id)
                .query((rs, n) -> {
                    Instant lastSeen = rs.getTimestamp("last_seen_at").toInstant();
                    boolean online = lastSeen.isAfter(clock.instant().minus(queue.heartbeatTimeout()));
                    String state = rs.getBoolean("retired") ? "RETIRED" : online ? "ONLINE" : "OFFLINE";
                    List<Long> jobs = jdbc.sql("SELECT id FROM jobs WHERE worker_id = ? AND state = 'RUNNING' ORDER BY id")
                            .param(id).query(Long.class).list();
                    return new WorkerView(rs.getString("id"), rs.getString("kind"), rs.getString("devices"), state,
                            rs.getTimestamp("registered_at").toInstant(), lastSeen, jobs);
                })
                .optional().orElseThrow(() -> new NotFoundException("worker", id));
    }
}
