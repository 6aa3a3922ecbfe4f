package dev.foldhub.worker;

import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.training.EpochStats;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.ProblemTypes;
import org.springframework.stereotype.Component;

/**
 * What a worker reports of a leased job: its epochs, the finished fold, and how the job ended. Idempotent: an epoch
 * is stored by (experiment, fold, epoch), a fold upload replaces the previous one, a repeated outcome is a no-op.
 */
@Component
class AgentResults {

    private final AgentAccess access;
    private final JobQueue queue;
    private final FoldProgress progress;
    private final FoldCheckpointStore checkpoints;
    private final WorkerMetrics metrics;

    AgentResults(AgentAccess access, JobQueue queue, FoldProgress progress, FoldCheckpointStore checkpoints,
                 WorkerMetrics metrics) {
        this.access = access;
        this.queue = queue;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
    }

    /** Stores a validated epoch; a repeated report of the same epoch updates it. */
    void recordEpoch(String principal, String workerId, long jobId, long lease, EpochStats stats) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        if (stats == null || stats.epoch() < 1) {
            throw new InvalidInputException("epoch", "must be at least 1");
        }
        progress.recordEpoch(job.subjectId(), job.fold(), job.id(), stats);
        metrics.imagesPerSecond(workerId, jobId, stats.imagesPerSecond());
    }

    /**
     * Stores the finished fold: best epoch, threshold, F2, its checkpoint (uploaded before) and OOF probabilities
     * (rows x classes, validation rows in train.csv order). Replaces an earlier upload of the same fold.
     */
    void storeFold(String principal, String workerId, long jobId, long lease, int bestEpoch, double threshold, double f2,
                   String checkpoint, float[] oof, int rows, int classes) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        String relative = checkpoints.keepFinalModel(job, checkpoint);
        progress.recordFold(job.id(), new OofPrediction(job.subjectId(), job.fold(), bestEpoch, threshold, f2, rows,
                classes, oof), bestEpoch, relative);
        checkpoints.dropResume(job);
    }

    void complete(String principal, String workerId, long jobId, long lease) {
        finish(principal, workerId, jobId, lease, JobState.SUCCEEDED, null);
    }

    void fail(String principal, String workerId, long jobId, long lease, String error) {
        finish(principal, workerId, jobId, lease, JobState.FAILED, error == null || error.isBlank() ? "failed" : error);
    }

    /** The worker stopped a job it was asked to cancel. */
    void cancelled(String principal, String workerId, long jobId, long lease) {
        finish(principal, workerId, jobId, lease, JobState.CANCELLED, null);
    }

    private void finish(String principal, String workerId, long jobId, long lease, JobState state, String error) {
        // why: one read of the worker and one of the job (not two of each): completion is on the queue's hot path
        Job held = access.heldJob(access.worker(principal, workerId), jobId);
        metrics.jobEnded(workerId, jobId);
        if (held.state() == state && held.version() == lease + 1) {
            return; // a retried report whose first try got through
        }
        Job job = access.checkRunning(held, lease);
        if (state == JobState.SUCCEEDED && job.kind() == JobKind.TRAIN_FOLD
                && !progress.hasResultOf(job.id(), job.subjectId(), job.fold())) {
            throw new ConflictException(ProblemTypes.RESULT_MISSING, "Result missing", "job " + jobId
                    + " cannot succeed: fold " + job.fold() + " of experiment " + job.subjectId()
                    + " has no stored result from it (PUT .../oof first)");
        }
        boolean done = switch (state) {
            case SUCCEEDED -> queue.complete(job);
            case FAILED -> queue.fail(job, error);
            default -> queue.markCancelled(job);
        };
        if (!done) {
            throw ProblemTypes.leaseLost("the lease of job " + jobId + " is lost");
        }
    }
}
