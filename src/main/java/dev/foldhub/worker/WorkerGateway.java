package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a worker asks and tells the server. Two implementations: {@link InProcessGateway} (the embedded worker
 * calls the server's services directly) and {@link HttpWorkerGateway} (a remote agent, over /api/agent). Job calls
 * throw {@link LeaseLostException} when the worker no longer holds the job and {@link RequestRejectedException} when
 * the server refuses them otherwise (the job fails with its message); reports (epochs, uploads, the outcome) may be
 * sent later, in order, when the server is unreachable, and a refused report turns the outcome into a failure.
 */
interface WorkerGateway {

    Registered register(Registration registration);

    /** A queued job that fits the device, or empty (none, or the server could not be reached). */
    Optional<LeasedJob> lease(String workerId, DeviceSlot device);

    /** Keeps the lease; the reply says whether to cancel. */
    HeartbeatReply heartbeat(LeasedJob job);

    /** The job's stop signal, from its lease on: calls for a job that is stopping are not retried. */
    default void watch(LeasedJob job, StopSignal stop) {
    }

    TrainTask trainTask(LeasedJob job);

    /** A level-2 stacker fold's plan: its members and the rows that train and validate. */
    Level2Plan level2Plan(LeasedJob job);

    /** Member {@code index}'s input matrices for the job's stacker fold. */
    Level2MemberInputs level2Member(LeasedJob job, int index);

    /** A stacker fold's test predictions (test rows x classes), sent before {@link #uploadFold}. */
    void uploadTestPredictions(LeasedJob job, double threshold, float[] probabilities, int rows, int classes);

    /** The directory a fold trains in (checkpoints, resume.ckpt). */
    Path workDir(LeasedJob job);

    /** Puts the fold's last uploaded resumable checkpoint at {@code resumeFile}; false when there is none. */
    boolean fetchResume(LeasedJob job, Path resumeFile);

    void reportEpoch(LeasedJob job, EpochStats stats);

    void uploadResume(LeasedJob job, Path resumeFile, int epoch);

    /** The finished fold: its best checkpoint, then its OOF probabilities and figures. */
    void uploadFold(LeasedJob job, FoldOutcome outcome);

    void complete(LeasedJob job);

    void fail(LeasedJob job, String error);

    void cancelled(LeasedJob job);

    void release(LeasedJob job);

    /** Waits until every report of the job has reached the server (or its lease is known to be lost). */
    default void flush(LeasedJob job) {
    }

    /** Removes what the job left on the worker (a remote agent's local copies). */
    default void cleanUp(LeasedJob job) {
    }
}
