package dev.foldhub.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads of the job table for people (the jobs API, the queue page, experiment views) that stay bounded however many
 * jobs have ever run: a page of jobs, counts by state, the latest job of each fold.
 */
@Component
public class JobPages {

    private static final JobRowMapper MAPPER = new JobRowMapper();

    private final JdbcClient jdbc;

    JobPages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** At most {@code limit} jobs in a state (all states when null), newest first, after skipping {@code offset}. */
    public List<Job> page(JobState state, int limit, long offset) {
        String where = state == null ? "" : " WHERE state = :state";
        var statement = jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs" + where
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset);
        if (state != null) {
            statement = statement.param("state", state.name());
        }
        return statement.query(MAPPER).list();
    }

    /** How many jobs are in each state (every state present, 0 when none). */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
                .query((rs, row) -> counts.put(JobState.valueOf(rs.getString("state")), rs.getLong("n"))).list();
        return counts;
    }

    /**
     * The latest job (highest id) of each fold of the given subjects: what a subject's view shows, without the
     * earlier attempts of a fold that was retried; subjects are read in batches of 500.
     */
    public List<Job> latestPerFold(JobKind kind, Collection<Long> subjectIds) {
        List<Long> ids = List.copyOf(subjectIds);
        List<Job> jobs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            jobs.addAll(jdbc.sql("SELECT " + JobRowMapper.COLUMNS + " FROM jobs WHERE id IN (SELECT MAX(id) FROM jobs "
                            + "WHERE kind = :kind AND subject_id IN (:subjects) GROUP BY subject_id, fold) ORDER BY id")
                    .param("kind", kind.name()).param("subjects", batch).query(MAPPER).list());
        }
        return jobs;
    }
}
