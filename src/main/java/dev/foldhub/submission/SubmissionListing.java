package dev.foldhub.submission;

import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (query.status() != null) {
            where.add(STATUS + " = :status");
            params.put("status", query.status());
        }
        if (ensembleId != null) {
            where.add("s.ensemble_id = :ensemble");
            params.put("ensemble", ensembleId);
        }
        if (query.createdAfter() != null) {
            where.add("s.created_at >= :after");
            params.put("after", query.createdAfter().atOffset(ZoneOffset.UTC));
        }
        if (query.createdBefore() != null) {
            where.add("s.created_at < :before");
            params.put("before", query.createdBefore().atOffset(ZoneOffset.UTC));
        }
        String from = " FROM submissions s" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        long total = jdbc.sql("SELECT COUNT(*)" + from).params(params).query(Long.class).single();
        // why: the ORDER BY is one of the fixed expressions below, never text from the request
        String column = switch (query.sort()) {
            case "id" -> "s.id";
            case "status" -> STATUS;
            case "publicScore" -> "s.public_score";
            case "privateScore" -> "s.private_score";
            default -> "s.created_at";
        };
        String order = " ORDER BY " + column + (query.descending() ? " DESC" : " ASC") + " NULLS LAST, s.id DESC";
        List<Long> ids = total <= query.paging().offset() ? List.of()
                : jdbc.sql("SELECT s.id" + from + order + " LIMIT :limit OFFSET :offset").params(params)
                .param("limit", query.paging().limit()).param("offset", query.paging().offset())
                .query(Long.class).list();
        return new ListPage<>(ids, total);
    }
}
