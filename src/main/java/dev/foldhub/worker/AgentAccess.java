package dev.foldhub.worker;

import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.errors.ForbiddenException;
import dev.foldhub.errors.ProblemTypes;
import org.springframework.stereotype.Component;

/**
 * The one ownership rule of the worker API: a worker is bound to the principal (token) that registered it, and a
 * job may be reported on only by the worker that holds its lease. A null principal means no authentication is
 * configured (or the call is in-process), and then only the lease is checked.
 */
@Component
class AgentAccess {

    private final WorkerRegistry registry;
    private final JobQueue queue;

    AgentAccess(WorkerRegistry registry, JobQueue queue) {
        this.registry = registry;
        this.queue = queue;
    }

    /** The worker, when the caller may act for it; 403 otherwise (unknown worker or another principal's). */
    WorkerIdentity worker(String principal, String workerId) {
        WorkerIdentity worker = registry.identity(workerId)
                .orElseThrow(() -> new ForbiddenException("worker '" + workerId + "' is not registered"));
        if (principal != null && !principal.equals(worker.owner())) {
            throw new ForbiddenException("worker '" + workerId + "' belongs to another token");
        }
        return worker;
    }

    /**
     * May the caller register (or re-register) a worker under this name? A remote agent (principal = the token's
     * {@code ownerKey}) gets 403 for a name another principal owns, a name without an owner, or an embedded worker's
     * name: nobody but the server process that made it can act for an embedded worker, nor requeue its jobs.
     */
    void checkRegistration(String principal, String workerId, boolean embedded) {
        if (!embedded && principal == null) {
            throw new ForbiddenException("registering worker '" + workerId + "' needs a worker token");
        }
        registry.identity(workerId).ifPresent(existing -> {
            if (embedded != existing.embedded()) {
                throw new ForbiddenException("worker name '" + workerId + "' is taken by "
                        + (existing.embedded() ? "a server's embedded worker" : "a remote agent"));
            }
            if (!embedded && !principal.equals(existing.owner())) {
                throw new ForbiddenException("worker name '" + workerId + "' is registered by "
                        + (existing.owner() == null ? "no token" : "another token"));
            }
        });
    }

    /**
     * The job, when it is leased to this worker under this lease and still running. 403 when the job is not the
     * worker's; 409 when the worker's lease is gone (requeued and leased again, cancelled, finished).
     */
    Job runningJob(String principal, String workerId, long jobId, long lease) {
        return runningJob(worker(principal, workerId), jobId, lease);
    }

    /** {@link #runningJob(String, String, long, long)} for a worker the caller was checked for already. */
    Job runningJob(WorkerIdentity worker, long jobId, long lease) {
        return checkRunning(heldJob(worker, jobId), lease);
    }

    /** The held job itself when it still runs under this lease; 409 when the lease is gone. */
    Job checkRunning(Job held, long lease) {
        if (held.state() != JobState.RUNNING || held.version() != lease) {
            throw ProblemTypes.leaseLost("the lease of job " + held.id() + " by worker '" + held.workerId()
                    + "' is lost (job is " + held.state() + ")");
        }
        return held;
    }

    /** The job, when its last lease went to this worker (it may have finished since); 403 otherwise. */
    Job heldJob(String principal, String workerId, long jobId) {
        return heldJob(worker(principal, workerId), jobId);
    }

    /** {@link #heldJob(String, String, long)} for a worker the caller was checked for already. */
    Job heldJob(WorkerIdentity worker, long jobId) {
        String workerId = worker.id();
        Job job = queue.find(jobId)
                .orElseThrow(() -> notLeasedTo(jobId, workerId));
        if (!workerId.equals(job.workerId())) {
            throw notLeasedTo(jobId, workerId);
        }
        return job;
    }

    /** 403 (not the worker's job) of the lease-lost type: for a worker that held the job, its lease is gone. */
    private static ForbiddenException notLeasedTo(long jobId, String workerId) {
        return ProblemTypes.notLeasedTo("job " + jobId + " is not leased to worker '" + workerId + "'");
    }
}
