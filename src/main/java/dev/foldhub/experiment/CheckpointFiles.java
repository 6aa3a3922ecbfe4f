package dev.foldhub.experiment;

import dev.foldhub.StorageProperties;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.files.FileTrees;
import dev.foldhub.web.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A finished fold's best checkpoint, as a file to download, and where an experiment's checkpoints live on disk: the
 * artifact directory's experiments/&lt;id&gt;/ (a fold's under fold_&lt;k&gt;/), with their size and their removal.
 */
@Service
public class CheckpointFiles {

    /** The checkpoint on disk and the name it is downloaded under. */
    public record Checkpoint(Path path, String fileName) {
    }

    private static final Logger log = LoggerFactory.getLogger(CheckpointFiles.class);

    private final ExperimentService experiments;
    private final FoldResultRepository foldResults;
    private final StorageProperties storage;

    public CheckpointFiles(ExperimentService experiments, FoldResultRepository foldResults, StorageProperties storage) {
        this.experiments = experiments;
        this.foldResults = foldResults;
        this.storage = storage;
    }

    /** The directory of an experiment's checkpoints under {@code artifactsDir}: the one place this layout is written. */
    public static Path experimentDir(Path artifactsDir, long experimentId) {
        return artifactsDir.resolve("experiments").resolve(String.valueOf(experimentId));
    }

    /** The directory of an experiment's checkpoints (it may not exist). */
    public Path experimentDir(long experimentId) {
        return experimentDir(storage.artifactsDir(), experimentId);
    }

    /** The bytes of every file under the experiment's checkpoint directory (0 when there is none). */
    public long bytesOf(long experimentId) {
        return FileTrees.bytesUnder(experimentDir(experimentId));
    }

    /**
     * Removes a deleted experiment's checkpoint directory once its rows are gone for good. why: after the commit, so a
     * delete that is refused or rolled back never loses a file; a file that cannot be removed is logged and left.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void deleted(ExperimentDeleted event) {
        Path dir = experimentDir(event.experimentId());
        if (!FileTrees.deleteTree(dir)) {
            log.warn("experiment {} '{}' is deleted but some of its checkpoint files under {} could not be removed",
                    event.experimentId(), event.name(), dir);
        }
    }

    @Transactional(readOnly = true)
    public Checkpoint of(long experimentId, int fold) {
        Experiment experiment = experiments.find(experimentId);
        FoldResult result = foldResults.findByExperimentIdAndFold(experimentId, fold)
                .orElseThrow(() -> new NotFoundException("finished fold of experiment " + experimentId + ":", fold));
        if (result.getCheckpoint() == null) {
            throw new ConflictException("fold " + fold + " of experiment " + experimentId + " was imported and has no checkpoint");
        }
        Path path;
        try {
            // why: the stored path is relative to the artifact directory; never serve anything outside it
            path = SafePaths.inside(storage.artifactsDir(), result.getCheckpoint(), "checkpoint");
        } catch (InvalidInputException e) {
            path = null;
        }
        if (path == null || !Files.isRegularFile(path)) {
            throw new ConflictException("the checkpoint of fold " + fold + " of experiment " + experimentId
                    + " is no longer in the artifact directory");
        }
        // the reference's checkpoint name: <experiment>_f<fold>_e<NN>_<F2:.4f>, with DJL's extension
        String name = String.format(Locale.ROOT, "%s_f%d_e%02d_%.4f.params", experiment.getName(), fold,
                result.getBestEpoch(), result.getBestF2());
        return new Checkpoint(path, name);
    }
}
