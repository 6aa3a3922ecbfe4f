package dev.foldhub.experiment;

import dev.foldhub.StorageProperties;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A finished fold's best checkpoint, as a file to download. */
@Service
public class CheckpointFiles {

    /** The checkpoint on disk and the name it is downloaded under. */
    public record Checkpoint(Path path, String fileName) {
    }

    private final ExperimentService experiments;
    private final FoldResultRepository foldResults;
    private final StorageProperties storage;

    public CheckpointFiles(ExperimentService experiments, FoldResultRepository foldResults, StorageProperties storage) {
        this.experiments = experiments;
        this.foldResults = foldResults;
        this.storage = storage;
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
