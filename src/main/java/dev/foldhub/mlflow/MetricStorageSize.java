package dev.foldhub.mlflow;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Measures the stored metric points (mlflow_metric_points) and their bytes with their keys, including indexes. */
@Service
public class MetricStorageSize {

    /**
     * H2's estimate: a point is its row (id, step, ts, val: 32 bytes, key_id 4) and its history index entry (the same
     * 36), so 72; a key is its row (id 4, val, ts, step 24, run_id and name) and its two indexes (id 4 with the row's
     * key; run_id and name again), so 32 + 2 x the two strings, once per run and key.
     */
    static final String H2_ESTIMATE = "SELECT (SELECT COUNT(*) FROM mlflow_metric_points),"
            + " (SELECT COUNT(*) FROM mlflow_metric_points) * 72"
            + " + (SELECT COALESCE(SUM(32 + 2 * (LENGTH(run_id) + LENGTH(name))), 0) FROM mlflow_metric_keys)";

    private final JdbcClient jdbc;
    private final boolean postgres;

    MetricStorageSize(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        String product = new JdbcTemplate(dataSource).execute(
                (java.sql.Connection c) -> {
                    DatabaseMetaData meta = c.getMetaData();
                    return meta.getDatabaseProductName();
                });
        this.postgres = product != null && product.toLowerCase().contains("postgres");
    }

    public MetricStorage measure() {
        if (postgres) {
            long points = jdbc.sql("SELECT COUNT(*) FROM mlflow_metric_points").query(Long.class).single();
            long bytes = jdbc.sql("SELECT pg_total_relation_size('mlflow_metric_points')"
                    + " + pg_total_relation_size('mlflow_metric_keys')").query(Long.class).single();
            return new MetricStorage(points, bytes, false);
        }
        return jdbc.sql(H2_ESTIMATE).query((rs, n) -> new MetricStorage(rs.getLong(1), rs.getLong(2), true)).single();
    }
}
