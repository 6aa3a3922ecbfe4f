package dev.foldhub.mlflow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the step-metric thinning every {@code foldhub.mlflow.retention.interval} (a no-op while it is off). */
@Component
class MetricRetentionSchedule {

    private static final Logger log = LoggerFactory.getLogger(MetricRetentionSchedule.class);

    private final MetricThinning thinning;

    MetricRetentionSchedule(MetricThinning thinning) {
        this.thinning = thinning;
    }

    @Scheduled(fixedDelayString = "${foldhub.mlflow.retention.interval:1h}",
            initialDelayString = "${foldhub.mlflow.retention.interval:1h}")
    void thin() {
        long deleted = thinning.thinAll();
        if (deleted > 0) {
            log.info("thinned {} old MLflow metric point(s)", deleted);
        }
    }
}
