package dev.foldhub.experiment;

import dev.foldhub.web.ListQuery;
import dev.foldhub.web.ListSql;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Filters, sorts and pages experiments in SQL, so a page costs the same whatever the number of experiments: the ids
 * of one page and the number that match. Status and CV mean are derived from the folds the way
 * {@link ExperimentViews} derives them (the latest TRAIN_FOLD job of each fold; fold results; folds reported from
 * outside), in one grouped subquery joined only when a filter or the order needs them.
 */
@Component
class ExperimentListing {

    /**
     * One row per fold shown: its experiment, its state, and its best F2 when it counts toward the CV mean. why: the
     * latest job of a fold as "no later job of the fold" (an anti-join, hashed on PostgreSQL) rather than
     * {@code id IN (SELECT MAX(id) ... GROUP BY)}, which PostgreSQL ran as one index probe per fold: 130 ms instead of
     * 780 ms at 10,000 experiments x 5 folds.
     */
    private static final String FOLDS = """
            SELECT j.subject_id AS experiment_id, j.state AS state, r.best_f2 AS f2
              FROM jobs j LEFT JOIN fold_results r
                ON r.experiment_id = j.subject_id AND r.fold = j.fold AND j.state = 'SUCCEEDED'
             WHERE j.kind = 'TRAIN_FOLD' AND NOT EXISTS (SELECT 1 FROM jobs k WHERE k.kind = 'TRAIN_FOLD'
                   AND k.subject_id = j.subject_id AND k.fold = j.fold AND k.id > j.id)
            UNION ALL
            SELECT r.experiment_id, 'IMPORTED', r.best_f2
              FROM fold_results r JOIN experiments x ON x.id = r.experiment_id
             WHERE x.source <> 'trained'
            UNION ALL
            SELECT o.experiment_id, o.status, CASE WHEN o.status = 'SUCCEEDED' THEN
                   (SELECT MAX(m.f2) FROM epoch_metrics m WHERE m.experiment_id = o.experiment_id AND m.fold = o.fold) END
              FROM external_folds o JOIN experiments x ON x.id = o.experiment_id
             WHERE x.source = 'external' AND NOT EXISTS
                   (SELECT 1 FROM fold_results r WHERE r.experiment_id = o.experiment_id AND r.fold = o.fold)
            """;

    /** Per experiment: the counts of fold states the status rule reads, and the mean best F2 (AVG skips nulls). */
    private static final String SUMMARY = "SELECT s.experiment_id, COUNT(*) AS n,"
            + " SUM(CASE WHEN s.state = 'RUNNING' THEN 1 ELSE 0 END) AS running,"
            + " SUM(CASE WHEN s.state = 'QUEUED' THEN 1 ELSE 0 END) AS queued,"
            + " SUM(CASE WHEN s.state IN ('SUCCEEDED', 'FAILED', 'CANCELLED') THEN 1 ELSE 0 END) AS finished,"
            + " SUM(CASE WHEN s.state = 'SUCCEEDED' THEN 1 ELSE 0 END) AS succeeded,"
            + " SUM(CASE WHEN s.state = 'FAILED' THEN 1 ELSE 0 END) AS failed,"
            + " AVG(s.f2) AS cv_mean FROM (" + FOLDS + ") s GROUP BY s.experiment_id";

    /** ExperimentStatus.of in SQL (no folds: QUEUED; an imported experiment is IMPORTED whatever its folds). */
    static final String STATUS = "(CASE WHEN e.source = 'imported' THEN 'IMPORTED'"
            + " WHEN f.n IS NULL THEN 'QUEUED'"
            + " WHEN f.running > 0 OR (f.queued > 0 AND f.finished > 0) THEN 'RUNNING'"
            + " WHEN f.queued > 0 THEN 'QUEUED'"
            + " WHEN f.succeeded = f.n THEN 'SUCCEEDED'"
            + " WHEN f.failed > 0 THEN 'FAILED' ELSE 'CANCELLED' END)";

    private final JdbcClient jdbc;

    ExperimentListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids of the query's page in order, and the number of experiments that match. */
    Ids page(ExperimentQuery query, Long datasetId, Collection<Long> textDatasetIds) {
        ListSql sql = new ListSql()
                .where(STATUS + " = :status", "status", query.status() == null ? null : query.status().name())
                .whereContains("e.name", "name", query.name())
                .where("e.arch = :arch", "arch", query.arch())
                .where("e.dataset_id = :dataset", "dataset", datasetId)
                .where("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.id AND t.tag = :tag)", "tag",
                        query.tag());
        if (query.text() != null) {
            String any = "LOWER(e.name) LIKE :text ESCAPE '\\' OR LOWER(e.arch) LIKE :text ESCAPE '\\'"
                    + " OR LOWER(e.loss) LIKE :text ESCAPE '\\'";
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("text", ListQuery.containsPattern(query.text()));
            if (!textDatasetIds.isEmpty()) {
                params.put("textDatasets", List.copyOf(textDatasetIds));
            }
            sql.where("(" + any + (textDatasetIds.isEmpty() ? "" : " OR e.dataset_id IN (:textDatasets)") + ")", params);
        }
        sql.whereCreated("e.created_at", query.createdAfter(), query.createdBefore());
        if (query.archived() != ArchiveFilter.ALL) {
            sql.where(query.archived() == ArchiveFilter.ARCHIVED ? "e.archived_at IS NOT NULL" : "e.archived_at IS NULL",
                    Map.of());
        }
        boolean folds = query.status() != null || query.sort().needsFolds();
        String from = " FROM experiments e" + (folds ? " LEFT JOIN (" + SUMMARY + ") f ON f.experiment_id = e.id" : "")
                + sql.whereClause();
        // why: the ORDER BY is one of ExperimentSort's fixed expressions, never text from the request
        String order = ListSql.orderBy(query.sort().sql(), query.descending(), "e.id");
        // why: the total rides on each row (a window count), so the fold summary is computed once, not twice
        List<long[]> rows = jdbc.sql("SELECT e.id, COUNT(*) OVER () AS total" + from + order
                        + " LIMIT :limit OFFSET :offset").params(sql.params())
                .param("limit", query.paging().limit()).param("offset", query.paging().offset())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        List<Long> ids = rows.stream().map(r -> r[0]).toList();
        long total = !rows.isEmpty() ? rows.get(0)[1] : query.paging().offset() == 0 ? 0
                : jdbc.sql("SELECT COUNT(*)" + from).params(sql.params()).query(Long.class).single();
        return new Ids(ids, total);
    }

    record Ids(List<Long> ids, long total) {
    }
}
