package dev.foldhub.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Meters of the worker fleet: foldhub.workers.online, foldhub.heartbeats.missed and, per worker,
 * foldhub.worker.images.per.second (training images/s of its running jobs' last epochs, summed over its devices).
 */
@Component
public class WorkerMetrics {

    private final MeterRegistry meters;
    private final Counter missed;
    private final Map<String, Map<Long, Double>> imagesPerSecond = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry meters, WorkerRegistry registry) {
        this.meters = meters;
        Gauge.builder("foldhub.workers.online", registry, WorkerRegistry::countOnline)
                .description("workers seen within the heartbeat timeout and not retired").register(meters);
        this.missed = Counter.builder("foldhub.heartbeats.missed")
                .description("heartbeat intervals that passed without a heartbeat of a running job").register(meters);
    }

    /** Counts the intervals a job's heartbeat skipped: a gap of 3.2 intervals since the previous one missed 2. */
    void heartbeat(Instant previous, Instant now, Duration interval) {
        if (previous == null || interval.isZero()) {
            return;
        }
        long gaps = Duration.between(previous, now).toMillis() / interval.toMillis() - 1;
        if (gaps > 0) {
            missed.increment(gaps);
        }
    }

    /** The last epoch's training speed of a job on a worker. */
    void imagesPerSecond(String workerId, long jobId, double value) {
        imagesPerSecond.computeIfAbsent(workerId, this::register).put(jobId, value);
    }

    /** The job stopped running on the worker: it no longer adds to the worker's speed. */
    void jobEnded(String workerId, long jobId) {
        Map<Long, Double> jobs = imagesPerSecond.get(workerId);
        if (jobs != null) {
            jobs.remove(jobId);
        }
    }

    private Map<Long, Double> register(String workerId) {
        Map<Long, Double> jobs = new ConcurrentHashMap<>();
        Gauge.builder("foldhub.worker.images.per.second", jobs, j -> j.values().stream().mapToDouble(Double::doubleValue).sum())
                .tag("worker", workerId)
                .description("training images per second of the worker's running jobs (last epoch of each)")
                .register(meters);
        return jobs;
    }
}
