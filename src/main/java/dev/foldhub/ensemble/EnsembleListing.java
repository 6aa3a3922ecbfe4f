package dev.foldhub.ensemble;

import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import dev.foldhub.web.ListSql;
import java.util.List;
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
        ListSql sql = new ListSql()
                .where(STATUS + " = :status", "status", query.status())
                .whereContains("e.name", "name", query.name())
                .where("e.dataset_id = :dataset", "dataset", datasetId)
                .whereCreated("e.created_at", query.createdAfter(), query.createdBefore());
        // why: the ORDER BY is one of the fixed expressions below, never text from the request
        String column = switch (query.sort()) {
            case "id" -> "e.id";
            case "name" -> "LOWER(e.name)";
            case "status" -> STATUS;
            case "oofF2" -> "e.oof_f2";
            case "nestedCvF2" -> "e.nested_cv_f2";
            default -> "e.created_at";
        };
        return sql.idPage(jdbc, "e.id", " FROM ensembles e", column, query.descending(), query.paging());
    }
}
