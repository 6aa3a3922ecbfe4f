package dev.foldhub.worker;

import dev.foldhub.StorageProperties;
import dev.foldhub.experiment.CheckpointFiles;
import dev.foldhub.queue.Job;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A fold's checkpoints on the server, in the artifact directory's experiments/&lt;id&gt;/fold_&lt;k&gt;/: the resume
 * checkpoint the next attempt of the fold starts from and the best-epoch parameter files. Every call that names a
 * job goes through {@link AgentAccess} first; an upload replaces the previous one.
 */
@Component
class FoldCheckpointStore {

    static final String RESUME_FILE = "resume.ckpt";
    private static final Logger log = LoggerFactory.getLogger(FoldCheckpointStore.class);
    /** model-NNNN.params or the reference's <experiment>_f<k>_e<NN>_<F2>.params: a plain file name, no path. */
    private static final Pattern MODEL_FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\\.params");

    private final AgentAccess access;
    private final StorageProperties storage;

    FoldCheckpointStore(AgentAccess access, StorageProperties storage) {
        this.access = access;
        this.storage = storage;
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
     * The finished fold's checkpoint {@code checkpoint} (uploaded before) as the fold's only model; returns its path
     * relative to the artifact directory. 422 when it was not uploaded.
     */
    String keepFinalModel(Job job, String checkpoint) {
        Path dir = foldDir(job);
        String model = checkModelName(checkpoint);
        if (!Files.isRegularFile(dir.resolve(model))) {
            throw InvalidInputException.unprocessable("checkpoint",
                    model + " of job " + job.id() + " was not uploaded (PUT .../model?name=" + model + " first)");
        }
        removeOtherModels(dir, model);
        return storage.artifactsDir().toAbsolutePath().normalize()
                .relativize(dir.resolve(model).toAbsolutePath().normalize()).toString();
    }

    /** The fold is stored: its resume state (parameters and optimizer moments, ~3x the model) is not needed. */
    void dropResume(Job job) {
        try {
            Files.deleteIfExists(foldDir(job).resolve(RESUME_FILE));
        } catch (IOException e) {
            log.warn("job {}: could not delete the resume checkpoint: {}", job.id(), e.toString());
        }
    }

    /** Where a fold's checkpoints live: the artifact directory's experiments/&lt;id&gt;/fold_&lt;k&gt;/. */
    Path foldDir(Job job) {
        return CheckpointFiles.experimentDir(storage.artifactsDir(), job.subjectId()).resolve("fold_" + job.fold());
    }

    /** A checkpoint file name as an agent may send it: a plain file name ending in .params, no path. */
    static String checkModelName(String name) {
        if (name == null || !MODEL_FILE.matcher(name).matches() || name.contains("..")) {
            throw new InvalidInputException("name", "must be a checkpoint file name such as model_f0_e03_0.6012.params");
        }
        return name;
    }

    private static void deleteUpload(Path uploaded) {
        if (uploaded.getFileName().toString().endsWith(".part")) {
            LocalFiles.deleteQuietly(uploaded);
        }
    }

    /** Moves an upload into place (atomically: a reader sees the old file or the new one); the same file is left as is. */
    private static void place(Path uploaded, Path target) {
        try {
            if (Files.exists(target) && Files.isSameFile(uploaded, target)) {
                return;
            }
            Files.createDirectories(target.getParent());
            LocalFiles.replace(uploaded, target);
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
