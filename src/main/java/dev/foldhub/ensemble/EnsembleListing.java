package dev.foldhub.ensemble;

import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Filters, sorts and pages ensembles in SQL: the ids of one page and how many match. */
@Component
class EnsembleListing {

    static final List<String> STATUSES = List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "IMPORTED",
            "EXPERIMENT");
    static final List<String> SORTS = List.of("id", "name", "status", "oofF2", "nestedCvF2", "created");

    /** EnsembleViews' status in SQL: the source, else the state of the latest BLEND job (QUEUED before one). */
    private static final String STATUS = "(CASE WHEN e.source = 'imported' THEN 'IMPORTED'"
            + " WHEN e.source = 'experiment' THEN 'EXPERIMENT'"
            + " ELSE COALESCE((SELECT j.state FROM jobs j WHERE j.id = (SELECT MAX(b.id) FROM jobs b"
            + " WHERE b.kind = 'BLEND' AND b.subject_id = e.id)), 'QUEUED') END)";

    private final JdbcClient jdbc;

    EnsembleListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ListPage<Long> page(ListQuery query, Long datasetId) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (query.status() != null) {
            where.add(STATUS + " = :status");
            params.put("status", query.status());
        }
        if (query.name() != null) {
            where.add("LOWER(e.name) LIKE :name ESCAPE '\\'");
            params.put("name", ListQuery.containsPattern(query.name()));
        }
        if (datasetId != null) {
            where.add("e.dataset_id = :dataset");
            params.put("dataset", datasetId);
        }
        if (query.createdAfter() != null) {
            where.add("e.created_at >= :after");
            params.put("after", query.createdAfter().atOffset(ZoneOffset.UTC));
        }
        if (query.createdBefore() != null) {
            where.add("e.created_at < :before");
            params.put("before", query.createdBefore().atOffset(ZoneOffset.UTC));
        }
        String from = " FROM ensembles e" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        long total = jdbc.sql("SELECT COUNT(*)" + from).params(params).query(Long.class).single();
        // why: the ORDER BY is one of the fixed expressions below, never text from the request
        String column = switch (query.sort()) {
            case "id" -> "e.id";
            case "name" -> "LOWER(e.name)";
            case "status" -> STATUS;
            case "oofF2" -> "e.oof_f2";
            case "nestedCvF2" -> "e.nested_cv_f2";
            default -> "e.created_at";
        };
        String order = " ORDER BY " + column + (query.descending() ? " DESC" : " ASC") + " NULLS LAST, e.id DESC";
        List<Long> ids = total <= query.paging().offset() ? List.of()
                : jdbc.sql("SELECT e.id" + from + order + " LIMIT :limit OFFSET :offset").params(params)
                .param("limit", query.paging().limit()).param("offset", query.paging().offset())
                .query(Long.class).list();
        return new ListPage<>(ids, total);
    }
}
