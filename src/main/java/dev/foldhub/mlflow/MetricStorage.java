package dev.foldhub.mlflow;

/**
 * What mlflow_metrics holds: its rows (stored points) and bytes with its indexes; {@code estimated} when the bytes
 * come from column widths (H2) rather than the database's own count (PostgreSQL's pg_total_relation_size).
 */
public record MetricStorage(long points, long bytes, boolean estimated) {

    /** Bytes per stored point, 0 with no points. */
    public double bytesPerPoint() {
        return points == 0 ? 0 : (double) bytes / points;
    }
}
