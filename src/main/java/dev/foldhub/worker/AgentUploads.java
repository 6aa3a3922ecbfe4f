package dev.foldhub.worker;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.Job;
import dev.foldhub.web.BoundedBody;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A remote agent's file uploads: the lease is checked before a byte of the body is read, the body is cut off past
 * the endpoint's limit ({@link UploadProperties}; an OOF's is computed from its fold), and a partial file is deleted
 * whatever fails (a lost lease, a bad file, a client gone midway).
 */
@Component
class AgentUploads {

    private static final Logger log = LoggerFactory.getLogger(AgentUploads.class);

    private final AgentAccess access;
    private final AgentService agents;
    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final StorageProperties storage;
    private final UploadProperties limits;

    AgentUploads(AgentAccess access, AgentService agents, ExperimentService experiments, DatasetService datasets,
                 StorageProperties storage, UploadProperties limits) {
        this.access = access;
        this.agents = agents;
        this.experiments = experiments;
        this.datasets = datasets;
        this.storage = storage;
        this.limits = limits;
    }

    /** A fold's resume checkpoint, at most foldhub.uploads.max-resume-checkpoint-size. */
    void resume(String principal, String workerId, long jobId, long lease, InputStream body, long length)
            throws IOException {
        access.runningJob(principal, workerId, jobId, lease);
        Path part = receive(BoundedBody.open(body, length, limits.maxResumeCheckpointSize().toBytes(), "checkpoint",
                UploadProperties.RESUME_PROPERTY));
        try {
            agents.storeResume(principal, workerId, jobId, lease, part);
        } finally {
            delete(part);
        }
    }

    /** A best epoch's parameters, at most foldhub.uploads.max-model-size. */
    void model(String principal, String workerId, long jobId, long lease, String name, InputStream body, long length)
            throws IOException {
        access.runningJob(principal, workerId, jobId, lease);
        FoldCheckpointStore.checkModelName(name);
        Path part = receive(BoundedBody.open(body, length, limits.maxModelSize().toBytes(), "model",
                UploadProperties.MODEL_PROPERTY));
        try {
            agents.storeModel(principal, workerId, jobId, lease, name, part);
        } finally {
            delete(part);
        }
    }

    /**
     * The finished fold's OOF (.npy, float32 or float64): at most the fold's validation rows x classes x 8 bytes and
     * an npy header are read, into memory, and only after the lease is checked.
     */
    void fold(String principal, String workerId, long jobId, long lease, int bestEpoch, double threshold, double f2,
              String checkpoint, InputStream body, long length) throws IOException {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        FoldTask task = experiments.foldTask(job.subjectId(), job.fold());
        int rows = 0;
        for (byte fold : datasets.folds(task.foldAssignmentId()).folds()) {
            rows += Byte.toUnsignedInt(fold) == task.fold() ? 1 : 0;
        }
        int classes = datasets.table(task.datasetId()).attributeIds().size();
        byte[] npy = BoundedBody.read(body, length, 8L * rows * classes + Npy.MAX_HEADER_BYTES, "oof",
                "validation rows (" + rows + ") x classes (" + classes + ") x 8 bytes + npy header");
        Npy.FloatMatrix oof;
        try {
            oof = Npy.readFloat2d(npy);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("oof", e.getMessage());
        }
        agents.storeFold(principal, workerId, jobId, lease, bestEpoch, threshold, f2, checkpoint, oof.data(),
                oof.rows(), oof.cols());
    }

    /**
     * A stacker fold's test predictions (.npy, float32 or float64): at most the data set's test rows x classes x 8
     * bytes and an npy header are read, after the lease is checked.
     */
    void testPredictions(String principal, String workerId, long jobId, long lease, double threshold, InputStream body,
                         long length) throws IOException {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        FoldTask task = experiments.foldTask(job.subjectId(), job.fold());
        int rows = datasets.testIds(task.datasetId()).size();
        int classes = datasets.table(task.datasetId()).attributeIds().size();
        byte[] npy = BoundedBody.read(body, length, 8L * rows * classes + Npy.MAX_HEADER_BYTES, "test",
                "test rows (" + rows + ") x classes (" + classes + ") x 8 bytes + npy header");
        Npy.FloatMatrix test;
        try {
            test = Npy.readFloat2d(npy);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("test", e.getMessage());
        }
        agents.storeTestPredictions(principal, workerId, jobId, lease, threshold, test.data(), test.rows(), test.cols());
    }

    /** The body in a file beside the artifacts (same file system, so it can be moved into place); none if it fails. */
    private Path receive(InputStream body) throws IOException {
        Path dir = Files.createDirectories(storage.artifactsDir().resolve("uploads"));
        Path file = dir.resolve(UUID.randomUUID() + ".part");
        try {
            Files.copy(body, file);
            return file;
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** A part not moved into place (the store failed, or the lease was lost meanwhile). */
    private static void delete(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("could not delete the upload {}: {}", part, e.toString());
        }
    }
}
