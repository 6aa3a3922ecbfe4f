package dev.foldhub.mlflow;

import dev.foldhub.series.MinMaxBuckets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thinning of old MLflow step metrics (mlflow_metric_points only; Foldhub's epoch metrics are never thinned).
 *
 * @param thinAfter  points logged longer ago than this are thinned; unset (the default) turns thinning off
 * @param keepPoints the old points kept per run and metric key (min and max per step bucket, first and last)
 * @param interval   how often the thinning runs
 */
@ConfigurationProperties("foldhub.mlflow.retention")
public record MetricRetentionProperties(Duration thinAfter, @DefaultValue("1000") int keepPoints,
                                        @DefaultValue("1h") Duration interval) {

    public MetricRetentionProperties {
        if (keepPoints < MinMaxBuckets.MIN_POINTS || keepPoints > MinMaxBuckets.MAX_POINTS) {
            throw new IllegalArgumentException("foldhub.mlflow.retention.keep-points must be between "
                    + MinMaxBuckets.MIN_POINTS + " and " + MinMaxBuckets.MAX_POINTS + ", not " + keepPoints);
        }
        if (thinAfter != null && (thinAfter.isNegative() || thinAfter.isZero())) {
            throw new IllegalArgumentException("foldhub.mlflow.retention.thin-after must be positive, not " + thinAfter);
        }
    }

    boolean enabled() {
        return thinAfter != null;
    }
}
