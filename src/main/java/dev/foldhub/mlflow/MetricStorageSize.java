package dev.foldhub.mlflow;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Measures mlflow_metrics: the points stored and their bytes including indexes. */
@Service
public class MetricStorageSize {

    /**
     * H2's estimate a row: the row (id, val, ts, step: 32 bytes, plus run_id and name) and the history index (run_id,
     * name, step, ts, val: 24 bytes plus run_id and name) and the primary key (8), so 64 + 2 x the two strings.
     */
    static final String H2_ESTIMATE = "SELECT COUNT(*), COALESCE(SUM(64 + 2 * (LENGTH(run_id) + LENGTH(name))), 0)"
            + " FROM mlflow_metrics";

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
            long points = jdbc.sql("SELECT COUNT(*) FROM mlflow_metrics").query(Long.class).single();
            long bytes = jdbc.sql("SELECT pg_total_relation_size('mlflow_metrics')").query(Long.class).single();
            return new MetricStorage(points, bytes, false);
        }
        return jdbc.sql(H2_ESTIMATE).query((rs, n) -> new MetricStorage(rs.getLong(1), rs.getLong(2), true)).single();
    }
}
