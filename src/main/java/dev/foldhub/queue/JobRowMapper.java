package dev.foldhub.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** Maps a jobs row to a {@link Job}. */
final class JobRowMapper implements RowMapper<Job> {

    static final String COLUMNS = "id, kind, subject_id, fold, state, priority, attempts, max_attempts, worker_id, "
            + "cancel_requested, error, created_at, started_at, finished_at, heartbeat_at, version, device_kind, min_memory_mb";

    @Override
    public Job mapRow(ResultSet rs, int rowNum) throws SQLException {
        int fold = rs.getInt("fold");
        Integer foldOrNull = rs.wasNull() ? null : fold;
        return new Job(
                rs.getLong("id"),
                JobKind.valueOf(rs.getString("kind")),
                rs.getLong("subject_id"),
                foldOrNull,
                JobState.valueOf(rs.getString("state")),
                rs.getInt("priority"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getString("worker_id"),
                rs.getBoolean("cancel_requested"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "heartbeat_at"),
                rs.getLong("version"),
                rs.getString("device_kind"),
                rs.getInt("min_memory_mb"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
