package dev.foldhub.worker;

import dev.foldhub.queue.QueueProperties;
import dev.foldhub.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workers table: who leases jobs, on which devices, when it was last seen, whether it is retired. */
@Service
public class WorkerRegistry {

    /** The longest a call of a worker may go without moving its last_seen_at (far below the heartbeat timeout). */
    static final Duration SEEN_EVERY = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final QueueProperties queue;

    public WorkerRegistry(JdbcClient jdbc, Clock clock, QueueProperties queue) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = queue;
    }

    /** Registers a worker, or refreshes its devices and brings it back from retirement when it registers again. */
    @Transactional
    public void register(String id, String kind, String devices) {
        register(id, kind, devices, null);
    }

    /**
     * Registers a worker for the principal (token name) that made the call, null without authentication.
     * The owner stays the first principal that registered the name.
     */
    @Transactional
    public void register(String id, String kind, String devices, String owner) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("UPDATE workers SET kind = ?, devices = ?, retired = FALSE, last_seen_at = ?, "
                        + "owner = COALESCE(owner, ?) WHERE id = ?")
                .params(kind, devices, now, owner, id).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO workers (id, kind, devices, retired, registered_at, last_seen_at, owner) "
                            + "VALUES (?, ?, ?, FALSE, ?, ?, ?)")
                    .params(id, kind, devices, now, now, owner).update();
        }
    }

    /** Who a worker is for the ownership check: its kind ("embedded" or "remote"), owner, retirement and last contact. */
    Optional<WorkerIdentity> identity(String id) {
        return jdbc.sql("SELECT kind, owner, retired, last_seen_at FROM workers WHERE id = ?").param(id)
                .query((rs, n) -> new WorkerIdentity(id, rs.getString("kind"), rs.getString("owner"), rs.getBoolean("retired"),
                        rs.getTimestamp("last_seen_at").toInstant())).optional();
    }

    /** How many workers are not retired and were seen within the heartbeat timeout. */
    public long countOnline() {
        return jdbc.sql("SELECT COUNT(*) FROM workers WHERE retired = FALSE AND last_seen_at > ?")
                .param(Timestamp.from(clock.instant().minus(queue.heartbeatTimeout()))).query(Long.class).single();
    }

    /** Records that the worker is alive; returns false when it has been retired (it must lease nothing more). */
    public boolean seen(String id) {
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
    public WorkerView retire(String id) {
        if (jdbc.sql("UPDATE workers SET retired = TRUE WHERE id = ?").param(id).update() == 0) {
            throw new NotFoundException("worker", id);
        }
        return get(id);
    }

    public List<WorkerView> list() {
        return jdbc.sql("SELECT id FROM workers ORDER BY id").query(String.class).list().stream().map(this::get).toList();
    }

    public WorkerView get(String id) {
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
