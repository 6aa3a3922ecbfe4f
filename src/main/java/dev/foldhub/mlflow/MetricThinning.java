package dev.foldhub.mlflow;

import dev.foldhub.series.MinMaxBuckets;
import dev.foldhub.series.SeriesPoint;
import dev.foldhub.series.StepRange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Thins the step metrics of mlflow_metric_points older than {@code thinAfter} to {@code keepPoints} per run and key,
 * chosen as {@link MinMaxBuckets} chooses a chart's points (first, last, each step bucket's min and max). Points
 * newer than the cut-off, points at the key's latest step (mlflow_metric_keys) and non-finite values are never
 * deleted; epoch_metrics is not touched.
 */
@Component
class MetricThinning {

    static final int DELETE_BATCH = 1000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MetricRetentionProperties properties;
    private final Clock clock;

    MetricThinning(JdbcClient jdbc, PlatformTransactionManager transactions, MetricRetentionProperties properties,
                   Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** Thins every (run, key) with more old points than kept, one transaction each; the points deleted (0 when off). */
    long thinAll() {
        if (!properties.enabled()) {
            return 0;
        }
        long cutoff = clock.millis() - properties.thinAfter().toMillis();
        List<Long> keys = jdbc.sql("SELECT key_id FROM mlflow_metric_points WHERE ts < :cutoff"
                        + " GROUP BY key_id HAVING COUNT(*) > :keep")
                .param("cutoff", cutoff).param("keep", properties.keepPoints()).query(Long.class).list();
        long deleted = 0;
        for (long key : keys) {
            Long n = tx.execute(status -> thin(key, cutoff));
            deleted += n == null ? 0 : n;
        }
        return deleted;
    }

    private long thin(long keyId, long cutoff) {
        // why: the latest value's step bounds the candidates, so get-metric and the latest value never lose their row
        Long latestStep = jdbc.sql("SELECT step FROM mlflow_metric_keys WHERE id = :id")
                .param("id", keyId).query(Long.class).optional().orElse(Long.MAX_VALUE);
        List<Row> old = jdbc.sql("SELECT id, step, val FROM mlflow_metric_points WHERE key_id = :id"
                        + " AND ts < :cutoff AND step < :latest ORDER BY step, id")
                .param("id", keyId).param("cutoff", cutoff).param("latest", latestStep)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getDouble(3))).list();
        if (old.size() <= properties.keepPoints()) {
            return 0;
        }
        MinMaxBuckets buckets = new MinMaxBuckets(new StepRange(old.get(0).step(), old.get(old.size() - 1).step()),
                properties.keepPoints());
        old.forEach(r -> buckets.add(r.step(), r.value()));
        Set<SeriesPoint> kept = new HashSet<>(buckets.points());
        List<Row> doomed = new ArrayList<>();
        for (Row r : old) {
            // the first row of a kept (step, value) stays; non-finite values are not the thinning's to judge
            if (Double.isFinite(r.value()) && !kept.remove(new SeriesPoint(r.step(), r.value()))) {
                doomed.add(r);
            }
        }
        for (int from = 0; from < doomed.size(); from += DELETE_BATCH) {
            List<Row> rows = doomed.subList(from, Math.min(doomed.size(), from + DELETE_BATCH));
            // the rows are in step order: the step range keeps the delete to that stretch of the (key_id, step) index
            jdbc.sql("DELETE FROM mlflow_metric_points WHERE key_id = :key AND step BETWEEN :from AND :to AND id IN (:ids)")
                    .param("key", keyId).param("from", rows.get(0).step()).param("to", rows.get(rows.size() - 1).step())
                    .param("ids", rows.stream().map(Row::id).toList()).update();
        }
        return doomed.size();
    }

    private record Row(long id, long step, double value) {
    }
}
