package dev.foldhub.worker;

import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.web.ProblemTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.web.ErrorResponseException;

/**
 * The gateway of the worker inside the server: the same calls as a remote agent's, made directly on
 * {@link AgentService} (no principal). The fold trains in its artifact directory, so its checkpoints are
 * already where uploads would put them.
 */
final class InProcessGateway implements WorkerGateway {

    private final AgentService agents;

    InProcessGateway(AgentService agents) {
        this.agents = agents;
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
    public Path workDir(LeasedJob job) {
        return agents.foldDir(job.id());
    }

    @Override
    public boolean fetchResume(LeasedJob job, Path resumeFile) {
        return Files.isRegularFile(resumeFile);
    }

    @Override
    public void reportEpoch(LeasedJob job, EpochStats stats) {
        run(() -> agents.recordEpoch(null, job.workerId(), job.id(), job.lease(), stats));
    }

    @Override
    public void uploadResume(LeasedJob job, Path resumeFile, int epoch) {
        run(() -> agents.storeResume(null, job.workerId(), job.id(), job.lease(), resumeFile));
    }

    @Override
    public void uploadFold(LeasedJob job, FoldOutcome outcome) {
        String model = outcome.checkpoint().getFileName().toString();
        run(() -> agents.storeModel(null, job.workerId(), job.id(), job.lease(), model, outcome.checkpoint()));
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

    private static void run(Runnable call) {
        onLease(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T onLease(Supplier<T> call) {
        try {
            return call.get();
        } catch (ErrorResponseException e) {
            if (ProblemTypes.isLeaseLost(e)) {
                throw new LeaseLostException(e.getMessage());
            }
            throw e; // any other refusal fails the job with its message
        }
    }
}
