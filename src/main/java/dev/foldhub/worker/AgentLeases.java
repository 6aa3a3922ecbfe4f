package dev.foldhub.worker;

import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.ProblemTypes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The server's side of a worker's registration and its leases: lease a job, keep it by heartbeats, give it back. */
@Component
class AgentLeases {

    private static final Logger log = LoggerFactory.getLogger(AgentLeases.class);
    private static final Pattern WORKER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final AgentAccess access;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final WorkerProperties workers;
    private final WorkerMetrics metrics;
    private final Clock clock;

    AgentLeases(AgentAccess access, JobQueue queue, WorkerRegistry registry, WorkerProperties workers,
                WorkerMetrics metrics, Clock clock) {
        this.access = access;
        this.queue = queue;
        this.registry = registry;
        this.workers = workers;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Registers a worker for the caller (a remote agent: its token; the embedded worker: no owner, a name unique to its
     * server process); the jobs a worker of that name still held are requeued (it restarted). A refused registration
     * (403) requeues nothing.
     */
    Registered register(String principal, Registration registration, boolean embedded) {
        String name = registration == null ? null : registration.name();
        if (name == null || !WORKER_NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        List<DeviceSlot> devices = registration.devices();
        if (devices == null || devices.isEmpty() || devices.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("devices", "must list at least one device ({kind: CPU|GPU, index, memoryMb})");
        }
        access.checkRegistration(principal, name, embedded);
        registry.register(name, embedded ? "embedded" : "remote",
                devices.stream().map(DeviceSlot::toString).collect(Collectors.joining(",")), embedded ? null : principal);
        int released = queue.releaseAllHeldBy(name);
        if (released > 0) {
            log.warn("worker '{}' registered again: requeued {} job(s) it held before", name, released);
        }
        return new Registered(name, workers.heartbeatInterval().toMillis(), workers.pollInterval().toMillis());
    }

    /** The most urgent job that fits the device, or nothing (also for a retired worker). */
    Optional<LeasedJob> lease(String principal, String workerId, DeviceSlot device) {
        WorkerIdentity worker = access.worker(principal, workerId);
        if (device == null) {
            throw new InvalidInputException("device", "is required ({kind: CPU|GPU, index, memoryMb})");
        }
        registry.seen(worker);
        if (worker.retired()) {
            return Optional.empty();
        }
        return queue.lease(workerId, device, worker.embedded())
                .map(job -> new LeasedJob(job.id(), workerId, job.kind(), job.subjectId(), job.fold(), job.attempts(), job.version()));
    }

    HeartbeatReply heartbeat(String principal, String workerId, long jobId, long lease) {
        WorkerIdentity worker = access.worker(principal, workerId);
        Job job = access.runningJob(worker, jobId, lease);
        registry.seen(worker);
        metrics.heartbeat(job.heartbeatAt(), clock.instant(), workers.heartbeatInterval());
        if (!queue.heartbeat(job)) {
            throw ProblemTypes.leaseLost("the lease of job " + jobId + " is lost");
        }
        return new HeartbeatReply(job.cancelRequested());
    }

    /** The worker gives a job back unfinished (shutting down): it is queued again at once. */
    void release(String principal, String workerId, long jobId, long lease) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        metrics.jobEnded(workerId, jobId);
        if (!queue.release(job)) {
            throw ProblemTypes.leaseLost("the lease of job " + jobId + " is lost");
        }
    }
}
