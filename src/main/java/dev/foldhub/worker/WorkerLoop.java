package dev.foldhub.worker;

import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobStoppedException;
import dev.foldhub.training.TrainingCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * How every worker runs jobs, embedded or remote: one thread per device slot leases a fitting job, runs it while a
 * heartbeat keeps the lease and carries a cancel back, and reports the outcome through the gateway.
 */
final class WorkerLoop {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final WorkerGateway gateway;
    private final String workerId;
    private final List<DeviceSlot> devices;
    private final JobLogContext logContext;
    private final Map<JobKind, LeasedJobRunner> runners;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final Duration shutdownGrace;
    private final Set<StopSignal> running = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService heartbeats;
    private volatile boolean active;
    /** The idle slots wait on it between leases; {@link #wake} ends the wait early. */
    private final Object idle = new Object();
    private boolean woken;

    WorkerLoop(WorkerGateway gateway, Registered registered, List<DeviceSlot> devices, Map<JobKind, LeasedJobRunner> runners,
               Duration shutdownGrace, JobLogContext logContext) {
        this.gateway = gateway;
        this.logContext = logContext;
        this.workerId = registered.workerId();
        this.devices = List.copyOf(devices);
        this.runners = Map.copyOf(runners);
        this.pollInterval = Duration.ofMillis(registered.pollIntervalMs());
        this.heartbeatInterval = Duration.ofMillis(registered.heartbeatIntervalMs());
        this.shutdownGrace = shutdownGrace;
    }

    synchronized void start() {
        active = true;
        heartbeats = Executors.newScheduledThreadPool(devices.size(), r -> new Thread(r, "foldhub-heartbeat"));
        for (DeviceSlot device : devices) {
            Thread thread = new Thread(() -> slotLoop(device), "foldhub-worker-" + device);
            threads.add(thread);
            thread.start();
        }
        log.info("worker '{}' started on {} (runs {})", workerId, devices, runners.keySet());
    }

    /** Stops leasing; each running job ends its epoch (within the grace period), reports and is released. */
    void stop(Duration wait) {
        active = false;
        wake(); // the idle slots end now, not after their poll interval
        running.forEach(signal -> signal.shutdown(shutdownGrace));
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
    }

    private void slotLoop(DeviceSlot device) {
        while (active) {
            try {
                Optional<LeasedJob> job = gateway.lease(workerId, device);
                if (job.isPresent()) {
                    runLeased(job.get(), device);
                } else {
                    waitForWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("worker loop error on {}; retrying", device, e);
                sleepQuietly(pollInterval);
            }
        }
    }

    /** A job may be waiting (one was just queued): the idle slots ask for one now instead of after the poll interval. */
    void wake() {
        synchronized (idle) {
            woken = true;
            idle.notifyAll();
        }
    }

    /** Waits the poll interval, or less when {@link #wake} is called (also if it was called since the last wait). */
    private void waitForWork() throws InterruptedException {
        long millis = pollInterval.toMillis();
        synchronized (idle) {
            if (!woken && millis > 0) {
                idle.wait(millis);
            }
            woken = false;
        }
    }

    private void runLeased(LeasedJob job, DeviceSlot device) {
        StopSignal stop = new StopSignal();
        running.add(stop);
        gateway.watch(job, stop);
        if (!active) {
            stop.shutdown(Duration.ZERO);
        }
        // every log line of this job, from any package, says which job, experiment and fold it belongs to
        Map<String, String> context = logContext.open(job);
        long every = heartbeatInterval.toMillis();
        AtomicInteger failures = new AtomicInteger();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> {
            MDC.setContextMap(context);
            try {
                heartbeat(job, stop, failures);
            } finally {
                MDC.clear();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            LeasedJobRunner runner = runners.get(job.kind());
            if (runner == null) {
                throw new IllegalStateException("this worker cannot run " + job.kind() + " jobs");
            }
            runner.run(job, device.djlName(), stop);
            beat.cancel(false);
            gateway.complete(job);
        } catch (TrainingCancelledException | JobStoppedException e) {
            beat.cancel(false);
            if (e instanceof LeaseLostException) {
                // a report or hand-over found the lease gone: nothing more is sent for the job, not even a release
                stop.request(StopSignal.Reason.LEASE_LOST);
            }
            switch (stop.reason() == null ? StopSignal.Reason.LEASE_LOST : stop.reason()) {
                case SHUTDOWN -> {
                    gateway.release(job);
                    log.info("job {} released for another worker (shutdown)", job.id());
                }
                case CANCELLED -> {
                    gateway.cancelled(job);
                    log.info("job {} cancelled", job.id());
                }
                case LEASE_LOST -> log.warn("job {} stopped: its lease was lost", job.id());
            }
        } catch (RuntimeException | Error e) {
            beat.cancel(false);
            log.error("job {} failed", job.id(), e);
            gateway.fail(job, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            beat.cancel(false);
            try {
                gateway.flush(job);
            } catch (RuntimeException e) {
                log.warn("reports of job {} could not all be delivered: {}", job.id(), e.toString());
            }
            gateway.cleanUp(job);
            running.remove(stop);
            logContext.close();
        }
    }

    private void heartbeat(LeasedJob job, StopSignal stop, AtomicInteger failures) {
        try {
            if (gateway.heartbeat(job).cancel()) {
                stop.request(StopSignal.Reason.CANCELLED);
            }
            if (failures.getAndSet(0) > 0) {
                log.info("heartbeat of job {} got through again", job.id());
            }
        } catch (LeaseLostException e) {
            stop.request(StopSignal.Reason.LEASE_LOST);
        } catch (RuntimeException e) {
            // why: a server that is away (restart, network) does not stop training; the reports wait for it
            if (failures.getAndIncrement() % 30 == 0) {
                log.warn("heartbeat of job {} failed ({} in a row), training goes on: {}", job.id(), failures.get(), e.toString());
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
