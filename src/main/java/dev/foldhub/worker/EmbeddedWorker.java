package dev.foldhub.worker;

import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.queue.JobStoppedException;
import dev.foldhub.training.TrainingCancelledException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker inside the server process: one slot on its configured device (foldhub.worker.device, cpu by default). It leases a job, runs it while a
 * heartbeat thread keeps the lease and reads the cancel flag, and reports the outcome.
 */
@Component
@ConditionalOnProperty(prefix = "foldhub.worker", name = "embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWorker.class);

    /** Why a running job must stop. */
    private enum StopReason { CANCELLED, LEASE_LOST, SHUTDOWN }

    private final JobQueue queue;
    private final Map<JobKind, JobRunner> runners = new EnumMap<>(JobKind.class);
    private final WorkerProperties properties;
    private final WorkerRegistry registry;
    private final JobLogContext logContext;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private volatile boolean running;
    private Thread loop;
    private ScheduledExecutorService heartbeats;

    EmbeddedWorker(JobQueue queue, List<JobRunner> runners, WorkerProperties properties, WorkerRegistry registry,
                   JobLogContext logContext) {
        this.queue = queue;
        this.logContext = logContext;
        this.registry = registry;
        runners.forEach(r -> this.runners.put(r.kind(), r));
        this.properties = properties;
    }

    @Override
    public void start() {
        registry.register(properties.id(), "embedded", properties.device() + ":1");
        int released = queue.releaseAllHeldBy(properties.id());
        if (released > 0) {
            log.warn("requeued {} job(s) this worker held before it stopped", released);
        }
        running = true;
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "foldhub-heartbeat"));
        loop = new Thread(this::pollLoop, "foldhub-worker");
        loop.start();
        log.info("embedded worker '{}' started (1 slot, {})", properties.id(), properties.device());
    }

    private void pollLoop() {
        while (running) {
            try {
                if (!registry.seen(properties.id())) {
                    // why: a retired worker finishes nothing new; it idles until registered again (restart)
                    Thread.sleep(properties.pollInterval().toMillis());
                    continue;
                }
                Optional<Job> job = queue.lease(properties.id());
                if (job.isPresent()) {
                    runLeased(job.get());
                } else {
                    Thread.sleep(properties.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("worker loop error; retrying", e);
                sleepQuietly();
            }
        }
    }

    private void runLeased(Job job) {
        stopReason.set(running ? null : StopReason.SHUTDOWN);
        // every log line of this job, from any package, says which job, experiment and fold it belongs to
        Map<String, String> context = logContext.open(job);
        long every = properties.heartbeatInterval().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> {
            MDC.setContextMap(context);
            try {
                heartbeat(job);
            } finally {
                MDC.clear();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            JobRunner runner = runners.get(job.kind());
            if (runner == null) {
                throw new IllegalStateException("this worker cannot run " + job.kind() + " jobs");
            }
            runner.run(job, properties.device(), () -> stopReason.get() != null);
            if (!queue.complete(job)) {
                log.warn("job {} finished but its lease was lost; its results are stored", job.id());
            }
        } catch (TrainingCancelledException | JobStoppedException e) {
            StopReason reason = stopReason.get();
            if (reason == StopReason.SHUTDOWN) {
                queue.release(job);
                log.info("job {} released for another worker (shutdown)", job.id());
            } else if (reason == StopReason.CANCELLED) {
                queue.markCancelled(job);
                log.info("job {} cancelled", job.id());
            } else {
                log.warn("job {} stopped: its lease was lost", job.id());
            }
        } catch (RuntimeException | Error e) {
            log.error("job {} failed", job.id(), e);
            queue.fail(job, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            beat.cancel(false);
            logContext.close();
        }
    }

    private void heartbeat(Job job) {
        try {
            registry.seen(properties.id());
            if (!queue.heartbeat(job)) {
                stopReason.compareAndSet(null, StopReason.LEASE_LOST);
            } else if (queue.cancelRequested(job.id())) {
                stopReason.compareAndSet(null, StopReason.CANCELLED);
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat of job {} failed: {}", job.id(), e.toString());
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        stopReason.compareAndSet(null, StopReason.SHUTDOWN);
        if (loop != null) {
            try {
                loop.join(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // why: stop before the web server and the data source go away, so the job can be released
        return Integer.MAX_VALUE - 1000;
    }
}
