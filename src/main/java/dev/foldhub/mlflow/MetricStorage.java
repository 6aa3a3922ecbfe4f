package dev.foldhub.mlflow;

/**
 * The stored metric points (rows of mlflow_metric_points) and their bytes with their keys (mlflow_metric_keys) and
 * indexes; {@code estimated} when the bytes come from column widths (H2) rather than the database's own count
 * (PostgreSQL's pg_total_relation_size).
 */
public record MetricStorage(long points, long bytes, boolean estimated) {

    /** Bytes per stored point, 0 with no points. */
    public double bytesPerPoint() {
        return points == 0 ? 0 : (double) bytes / points;
    }
}
