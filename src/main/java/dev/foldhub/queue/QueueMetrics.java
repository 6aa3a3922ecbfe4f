package dev.foldhub.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Gauges of the job table: foldhub.jobs{state=...}. */
@Component
class QueueMetrics {

    QueueMetrics(JobQueue queue, MeterRegistry registry) {
        for (JobState state : JobState.values()) {
            Gauge.builder("foldhub.jobs", queue, q -> q.count(state))
                    .tag("state", state.name())
                    .description("jobs in the queue table by state")
                    .register(registry);
        }
    }
}
