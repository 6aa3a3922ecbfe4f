package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The server's side of the worker API: what remote agents call over HTTP ({@link AgentController}) and the embedded
 * worker calls in-process ({@link InProcessGateway}), one method per call. Leases ({@link AgentLeases}), the training
 * task ({@link AgentTasks}), checkpoints ({@link FoldCheckpointStore}) and results ({@link AgentResults}) each have
 * their own service; every job call goes through {@link AgentAccess} first.
 */
@Service
class AgentService {

    private final AgentLeases leases;
    private final AgentTasks tasks;
    private final FoldCheckpointStore checkpoints;
    private final AgentResults results;
    private final AgentLevel2 level2;

    AgentService(AgentLeases leases, AgentTasks tasks, FoldCheckpointStore checkpoints, AgentResults results,
                 AgentLevel2 level2) {
        this.level2 = level2;
        this.leases = leases;
        this.tasks = tasks;
        this.checkpoints = checkpoints;
        this.results = results;
    }

    Registered register(String principal, Registration registration, boolean embedded) {
        return leases.register(principal, registration, embedded);
    }

    Optional<LeasedJob> lease(String principal, String workerId, DeviceSlot device) {
        return leases.lease(principal, workerId, device);
    }

    HeartbeatReply heartbeat(String principal, String workerId, long jobId, long lease) {
        return leases.heartbeat(principal, workerId, jobId, lease);
    }

    TrainTask trainTask(String principal, String workerId, long jobId, long lease) {
        return tasks.trainTask(principal, workerId, jobId, lease);
    }

    Level2Plan level2Plan(String principal, String workerId, long jobId, long lease) {
        return level2.plan(principal, workerId, jobId, lease);
    }

    Level2MemberInputs level2Member(String principal, String workerId, long jobId, long lease,
                                                           int index) {
        return level2.member(principal, workerId, jobId, lease, index);
    }

    void storeTestPredictions(String principal, String workerId, long jobId, long lease, double threshold,
                              float[] probabilities, int rows, int classes) {
        level2.storeTestPredictions(principal, workerId, jobId, lease, threshold, probabilities, rows, classes);
    }

    void recordEpoch(String principal, String workerId, long jobId, long lease, EpochStats stats) {
        results.recordEpoch(principal, workerId, jobId, lease, stats);
    }

    Optional<Path> resumeCheckpoint(String principal, String workerId, long jobId, long lease) {
        return checkpoints.resumeCheckpoint(principal, workerId, jobId, lease);
    }

    void storeResume(String principal, String workerId, long jobId, long lease, Path uploaded) {
        checkpoints.storeResume(principal, workerId, jobId, lease, uploaded);
    }

    Optional<Path> bestCheckpoint(String principal, String workerId, long jobId, long lease, String name) {
        return checkpoints.bestCheckpoint(principal, workerId, jobId, lease, name);
    }

    void storeModel(String principal, String workerId, long jobId, long lease, String name, Path uploaded) {
        checkpoints.storeModel(principal, workerId, jobId, lease, name, uploaded);
    }

    void storeFold(String principal, String workerId, long jobId, long lease, int bestEpoch, double threshold, double f2,
                   String checkpoint, float[] oof, int rows, int classes) {
        results.storeFold(principal, workerId, jobId, lease, bestEpoch, threshold, f2, checkpoint, oof, rows, classes);
    }

    void complete(String principal, String workerId, long jobId, long lease) {
        results.complete(principal, workerId, jobId, lease);
    }

    void fail(String principal, String workerId, long jobId, long lease, String error) {
        results.fail(principal, workerId, jobId, lease, error);
    }

    void cancelled(String principal, String workerId, long jobId, long lease) {
        results.cancelled(principal, workerId, jobId, lease);
    }

    void release(String principal, String workerId, long jobId, long lease) {
        leases.release(principal, workerId, jobId, lease);
    }
}
