package dev.foldhub.submission;

import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import dev.foldhub.web.ListSql;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Filters, sorts and pages submissions in SQL: the ids of one page and how many match. */
@Component
class SubmissionListing {

    static final List<String> STATUSES = List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");
    static final List<String> SORTS = List.of("id", "status", "publicScore", "privateScore", "created");

    /**
     * SubmissionViews' status in SQL: the blend job's state once there is one (SUCCEEDED without a CSV is FAILED),
     * else a cancelled prediction job, else a failed one, else RUNNING while one runs, else QUEUED.
     */
    private static final String STATUS = "(CASE WHEN s.blend_job_id IS NOT NULL THEN (SELECT CASE WHEN b.state ="
            + " 'SUCCEEDED' AND s.csv IS NULL THEN 'FAILED' ELSE b.state END FROM jobs b WHERE b.id = s.blend_job_id)"
            + " WHEN " + inputJob("CANCELLED") + " THEN 'CANCELLED'"
            + " WHEN " + inputJob("FAILED") + " THEN 'FAILED'"
            + " WHEN " + inputJob("RUNNING") + " THEN 'RUNNING' ELSE 'QUEUED' END)";

    private final JdbcClient jdbc;

    SubmissionListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String inputJob(String state) {
        return "EXISTS (SELECT 1 FROM submission_inputs i JOIN jobs j ON j.id = i.job_id"
                + " WHERE i.submission_id = s.id AND j.state = '" + state + "')";
    }

    ListPage<Long> page(ListQuery query, Long ensembleId) {
        ListSql sql = new ListSql()
                .where(STATUS + " = :status", "status", query.status())
                .where("s.ensemble_id = :ensemble", "ensemble", ensembleId)
                .whereCreated("s.created_at", query.createdAfter(), query.createdBefore());
        // why: the ORDER BY is one of the fixed expressions below, never text from the request
        String column = switch (query.sort()) {
            case "id" -> "s.id";
            case "status" -> STATUS;
            case "publicScore" -> "s.public_score";
            case "privateScore" -> "s.private_score";
            default -> "s.created_at";
        };
        return sql.idPage(jdbc, "s.id", " FROM submissions s", column, query.descending(), query.paging());
    }

    /** How many submissions come before this one in the ledger's order (newest first, ties newest id first). */
    long newerThan(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM submissions s, submissions t WHERE t.id = :id"
                        + " AND (s.created_at > t.created_at OR (s.created_at = t.created_at AND s.id > t.id))")
                .param("id", id).query(Long.class).single();
    }

    /** The id of the submission with the best public score (ties: the newest), one query; empty when none has one. */
    Optional<Long> bestPublic() {
        return jdbc.sql("SELECT id FROM submissions WHERE public_score IS NOT NULL ORDER BY public_score DESC, id DESC"
                + " LIMIT 1").query(Long.class).optional();
    }
}
