package dev.foldhub.mlflow;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Gauges foldhub.mlflow.metric.points and foldhub.mlflow.metric.bytes, measured at most once a minute. */
@Component
class MetricStorageMetrics {

    static final Duration REFRESH = Duration.ofMinutes(1);

    private final MetricStorageSize size;
    private final Clock clock;
    private MetricStorage last;
    private long measuredAt;

    MetricStorageMetrics(MetricStorageSize size, Clock clock, MeterRegistry registry) {
        this.size = size;
        this.clock = clock;
        Gauge.builder("foldhub.mlflow.metric.points", this, m -> m.current().points())
                .description("MLflow metric points stored (rows of mlflow_metric_points)").register(registry);
        Gauge.builder("foldhub.mlflow.metric.bytes", this, m -> m.current().bytes())
                .description("bytes of mlflow_metric_points and mlflow_metric_keys with their indexes (an estimate on H2)").baseUnit("bytes")
                .register(registry);
    }

    // why: a scrape every few seconds must not count a table of millions of rows each time
    private synchronized MetricStorage current() {
        long now = clock.millis();
        if (last == null || now - measuredAt >= REFRESH.toMillis()) {
            last = size.measure();
            measuredAt = now;
        }
        return last;
    }
}
