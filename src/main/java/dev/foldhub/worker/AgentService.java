package dev.foldhub.worker;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldSplit;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.ProblemTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The server's side of the worker API: what remote agents call over HTTP and the embedded worker calls in-process.
 * Every job call goes through {@link AgentAccess} first. Reports are idempotent: an epoch is stored by
 * (experiment, fold, epoch), a checkpoint or OOF upload replaces the previous one, a repeated complete is a no-op.
 */
@Service
class AgentService {

    static final String RESUME_FILE = "resume.ckpt";
    private static final Logger log = LoggerFactory.getLogger(AgentService.class);
    private static final Pattern WORKER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** model-NNNN.params or the reference's <experiment>_f<k>_e<NN>_<F2>.params: a plain file name, no path. */
    private static final Pattern MODEL_FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\\.params");

    private final AgentAccess access;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final ExperimentService experiments;
    private final FoldProgress progress;
    private final DatasetService datasets;
    private final StorageProperties storage;
    private final TrainingProperties training;
    private final WorkerProperties workers;
    private final WorkerMetrics metrics;
    private final Clock clock;

    AgentService(AgentAccess access, JobQueue queue, WorkerRegistry registry, ExperimentService experiments,
                 FoldProgress progress, DatasetService datasets, StorageProperties storage, TrainingProperties training,
                 WorkerProperties workers, WorkerMetrics metrics, Clock clock) {
        this.access = access;
        this.queue = queue;
        this.registry = registry;
        this.experiments = experiments;
        this.progress = progress;
        this.datasets = datasets;
        this.storage = storage;
        this.training = training;
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

    /** What a TRAIN_FOLD job needs: config, images and the fold's split (train.csv order). */
    TrainTask trainTask(String principal, String workerId, long jobId, long lease) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        if (job.kind() != JobKind.TRAIN_FOLD) {
            throw InvalidInputException.unprocessable("jobId",
                    "job " + jobId + " is a " + job.kind() + " job; only TRAIN_FOLD jobs have a training task");
        }
        FoldTask task = experiments.foldTask(job.subjectId(), job.fold());
        DatasetTable table = datasets.table(task.datasetId());
        FoldSplit split = datasets.folds(task.foldAssignmentId()).split(task.fold());
        List<TaskImage> train = new ArrayList<>();
        List<TaskImage> validation = new ArrayList<>();
        for (int row : split.train()) {
            train.add(new TaskImage(table.trainIds().get(row), table.trainLabels()[row]));
        }
        for (int row : split.validation()) {
            validation.add(new TaskImage(table.trainIds().get(row), table.trainLabels()[row]));
        }
        // why: a seed per fold makes each fold's run reproducible and the folds' runs different; train.seed moves all
        Long configSeed = task.config().seed();
        long seed = (configSeed == null ? 42L : configSeed) + 1000L * task.fold();
        return new TrainTask(task.experimentId(), task.experimentName(), task.fold(), task.configYaml(),
                table.attributeIds().size(), seed, table.trainDir().toAbsolutePath().normalize().toString(), train,
                validation, training.thresholdMin(), training.thresholdMax(), training.thresholdPoints(),
                training.maxEpochs());
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

    /** The fold's last resumable checkpoint, when a previous attempt uploaded one. */
    Optional<Path> resumeCheckpoint(String principal, String workerId, long jobId, long lease) {
        Path file = foldDir(access.runningJob(principal, workerId, jobId, lease)).resolve(RESUME_FILE);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Keeps an uploaded resumable checkpoint where the next attempt of the fold looks for it. The best parameter file
     * it names was uploaded before it; earlier best files are no longer needed and go.
     */
    void storeResume(String principal, String workerId, long jobId, long lease, Path uploaded) {
        Path dir = foldDir(access.runningJob(principal, workerId, jobId, lease));
        String best;
        try {
            best = FoldCheckpoints.bestFileNamedBy(uploaded);
        } catch (IOException e) {
            deleteUpload(uploaded);
            throw new InvalidInputException("checkpoint", "is not a resume checkpoint: " + e.getMessage());
        }
        place(uploaded, dir.resolve(RESUME_FILE));
        if (MODEL_FILE.matcher(best).matches() && Files.isRegularFile(dir.resolve(best))) {
            removeOtherModels(dir, best);
        }
    }

    /** A best-epoch parameter file of the fold, for an agent that resumes the fold from its resume checkpoint. */
    Optional<Path> bestCheckpoint(String principal, String workerId, long jobId, long lease, String name) {
        Path file = foldDir(access.runningJob(principal, workerId, jobId, lease)).resolve(checkModelName(name));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Keeps the best epoch's parameters (model-NNNN.params) in the fold's artifact directory. */
    void storeModel(String principal, String workerId, long jobId, long lease, String name, Path uploaded) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        place(uploaded, foldDir(job).resolve(checkModelName(name)));
    }

    /**
     * Stores the finished fold: best epoch, threshold, F2, its checkpoint (uploaded before) and OOF probabilities
     * (rows x classes, validation rows in train.csv order). Replaces an earlier upload of the same fold.
     */
    void storeFold(String principal, String workerId, long jobId, long lease, int bestEpoch, double threshold, double f2,
                   String checkpoint, float[] oof, int rows, int classes) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        Path dir = foldDir(job);
        String model = checkModelName(checkpoint);
        if (!Files.isRegularFile(dir.resolve(model))) {
            throw InvalidInputException.unprocessable("checkpoint",
                    model + " of job " + jobId + " was not uploaded (PUT .../model?name=" + model + " first)");
        }
        removeOtherModels(dir, model);
        String relative = storage.artifactsDir().toAbsolutePath().normalize()
                .relativize(dir.resolve(model).toAbsolutePath().normalize()).toString();
        progress.recordFold(job.id(), new OofPrediction(job.subjectId(), job.fold(), bestEpoch, threshold, f2, rows,
                classes, oof), bestEpoch, relative);
        try { // the fold is stored: its resume state (parameters and optimizer moments, ~3x the model) is not needed
            Files.deleteIfExists(dir.resolve(RESUME_FILE));
        } catch (IOException e) {
            log.warn("job {}: could not delete the resume checkpoint: {}", jobId, e.toString());
        }
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

    /** The worker gives a job back unfinished (shutting down): it is queued again at once. */
    void release(String principal, String workerId, long jobId, long lease) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        metrics.jobEnded(workerId, jobId);
        if (!queue.release(job)) {
            throw ProblemTypes.leaseLost("the lease of job " + jobId + " is lost");
        }
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

    /** Where a fold's checkpoints live: the artifact directory's experiments/&lt;id&gt;/fold_&lt;k&gt;/. */
    Path foldDir(Job job) {
        return storage.artifactsDir().resolve("experiments").resolve(String.valueOf(job.subjectId()))
                .resolve("fold_" + job.fold());
    }

    Path foldDir(long jobId) {
        return foldDir(queue.get(jobId));
    }

    static String checkModelName(String name) {
        if (name == null || !MODEL_FILE.matcher(name).matches() || name.contains("..")) {
            throw new InvalidInputException("name", "must be a checkpoint file name such as model_f0_e03_0.6012.params");
        }
        return name;
    }

    /** Moves an upload into place (atomically: a reader sees the old file or the new one); the same file is left as is. */
    private static void deleteUpload(Path uploaded) {
        try {
            if (uploaded.getFileName().toString().endsWith(".part")) {
                Files.deleteIfExists(uploaded);
            }
        } catch (IOException e) {
            log.debug("could not delete {}", uploaded, e);
        }
    }

    private static void place(Path uploaded, Path target) {
        try {
            if (Files.exists(target) && Files.isSameFile(uploaded, target)) {
                return;
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(uploaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(uploaded, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + target.getFileName(), e);
        }
    }

    /** An earlier attempt's best checkpoint is not the fold's any more. */
    private static void removeOtherModels(Path dir, String keep) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (MODEL_FILE.matcher(name).matches() && !name.equals(keep)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("could not tidy {}: {}", dir, e.toString());
        }
    }
}
