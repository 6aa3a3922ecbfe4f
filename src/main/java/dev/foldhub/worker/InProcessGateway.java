package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.errors.FoldhubException;
import dev.foldhub.errors.ProblemTypes;
import dev.foldhub.training.FoldCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway of the worker inside the server: the same calls as a remote agent's, made directly on
 * {@link AgentService} (no principal). Like a remote agent, a fold trains in a private work directory
 * (&lt;work root&gt;/job-&lt;id&gt;) and hands its files over at the same points: the server's resume checkpoint is copied in
 * at the start, each epoch's checkpoint (and a new best) is moved into the shared fold directory by the lease-checked
 * store calls, the finished fold's best checkpoint likewise. So a worker that lost its lease changes nothing there.
 */
final class InProcessGateway implements WorkerGateway {

    private static final Logger log = LoggerFactory.getLogger(InProcessGateway.class);

    private final AgentService agents;
    private final WorkDirs workDirs;
    /** The best checkpoint each running job has handed over with a resume checkpoint. */
    private final Map<Long, String> handedOverBest = new ConcurrentHashMap<>();

    /** @param workRoot this worker's own directory; on the artifacts' file system, so a hand-over is a rename */
    InProcessGateway(AgentService agents, Path workRoot) {
        this.agents = agents;
        this.workDirs = WorkDirs.flat(workRoot);
    }

    @Override
    public Registered register(Registration registration) {
        return agents.register(null, registration, true);
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, DeviceSlot device) {
        return agents.lease(null, workerId, device);
    }

    @Override
    public HeartbeatReply heartbeat(LeasedJob job) {
        return onLease(() -> agents.heartbeat(null, job.workerId(), job.id(), job.lease()));
    }

    @Override
    public TrainTask trainTask(LeasedJob job) {
        return onLease(() -> agents.trainTask(null, job.workerId(), job.id(), job.lease()));
    }

    @Override
    public Level2Plan level2Plan(LeasedJob job) {
        return onLease(() -> agents.level2Plan(null, job.workerId(), job.id(), job.lease()));
    }

    @Override
    public Level2MemberInputs level2Member(LeasedJob job, int index) {
        return onLease(() -> agents.level2Member(null, job.workerId(), job.id(), job.lease(), index));
    }

    @Override
    public void uploadTestPredictions(LeasedJob job, double threshold, float[] probabilities, int rows, int classes) {
        run(() -> agents.storeTestPredictions(null, job.workerId(), job.id(), job.lease(), threshold, probabilities,
                rows, classes));
    }

    @Override
    public Path workDir(LeasedJob job) {
        return workDirs.create(job);
    }

    @Override
    public boolean fetchResume(LeasedJob job, Path resumeFile) {
        // why: the server's copy, as a remote agent fetches it: only what was handed over under a lease counts
        Optional<Path> stored = onLease(() -> agents.resumeCheckpoint(null, job.workerId(), job.id(), job.lease()));
        if (stored.isEmpty()) {
            return false;
        }
        Path part = resumeFile.resolveSibling(resumeFile.getFileName() + ".part");
        LocalFiles.copy(stored.get(), part);
        String best;
        try {
            best = FoldCheckpoints.bestFileNamedBy(part);
        } catch (IOException e) {
            log.warn("job {}: the stored resume checkpoint cannot be read ({}); starting the fold over", job.id(), e.getMessage());
            LocalFiles.deleteQuietly(part);
            return false;
        }
        Optional<Path> bestStored = onLease(() -> agents.bestCheckpoint(null, job.workerId(), job.id(), job.lease(), best));
        if (bestStored.isEmpty()) {
            log.warn("job {}: the resume checkpoint names {}, which is not stored; starting the fold over", job.id(), best);
            LocalFiles.deleteQuietly(part);
            return false;
        }
        LocalFiles.copy(bestStored.get(), resumeFile.resolveSibling(best));
        LocalFiles.move(part, resumeFile);
        handedOverBest.put(job.id(), best);
        return true;
    }

    @Override
    public void reportEpoch(LeasedJob job, EpochStats stats) {
        run(() -> agents.recordEpoch(null, job.workerId(), job.id(), job.lease(), stats));
    }

    @Override
    public void uploadResume(LeasedJob job, Path resumeFile, int epoch) {
        // why: the store calls move what they get; the trainer keeps its files (links: the trainer replaces, never rewrites)
        Path snapshot = LocalFiles.resumeSnapshot(resumeFile, epoch);
        String best = LocalFiles.bestNamedBy(snapshot);
        if (!best.equals(handedOverBest.get(job.id()))) {
            // the best checkpoint goes first: the fold directory never holds a resume file naming one it lacks
            Path bestSnapshot = resumeFile.resolveSibling(best + ".upload");
            LocalFiles.keep(resumeFile.resolveSibling(best), bestSnapshot);
            run(() -> agents.storeModel(null, job.workerId(), job.id(), job.lease(), best, bestSnapshot));
            handedOverBest.put(job.id(), best);
        }
        run(() -> agents.storeResume(null, job.workerId(), job.id(), job.lease(), snapshot));
    }

    @Override
    public void uploadFold(LeasedJob job, FoldOutcome outcome) {
        String model = outcome.checkpoint().getFileName().toString();
        if (!model.equals(handedOverBest.get(job.id()))) { // else it went over with the resume checkpoint that named it
            run(() -> agents.storeModel(null, job.workerId(), job.id(), job.lease(), model, outcome.checkpoint()));
        }
        // why: the same .npy round trip as an upload, so both paths store identical float32 values
        Npy.FloatMatrix oof = Npy.readFloat2d(Npy.writeFloat32(outcome.oofProbabilities(), outcome.rows(), outcome.classes()));
        run(() -> agents.storeFold(null, job.workerId(), job.id(), job.lease(), outcome.bestEpoch(), outcome.threshold(),
                outcome.bestF2(), model, oof.data(), oof.rows(), oof.cols()));
    }

    @Override
    public void complete(LeasedJob job) {
        run(() -> agents.complete(null, job.workerId(), job.id(), job.lease()));
    }

    @Override
    public void fail(LeasedJob job, String error) {
        run(() -> agents.fail(null, job.workerId(), job.id(), job.lease(), error));
    }

    @Override
    public void cancelled(LeasedJob job) {
        run(() -> agents.cancelled(null, job.workerId(), job.id(), job.lease()));
    }

    @Override
    public void release(LeasedJob job) {
        run(() -> agents.release(null, job.workerId(), job.id(), job.lease()));
    }

    /** Removes the job's work directory: whatever the fold left there was handed over, or is not the fold's any more. */
    @Override
    public void cleanUp(LeasedJob job) {
        handedOverBest.remove(job.id());
        workDirs.delete(job);
    }

    private static void run(Runnable call) {
        onLease(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T onLease(Supplier<T> call) {
        try {
            return call.get();
        } catch (FoldhubException e) {
            if (ProblemTypes.isLeaseLost(e)) {
                throw new LeaseLostException(e.getMessage());
            }
            throw e; // any other refusal fails the job with its message
        }
    }
}
