package dev.foldhub.experiment;

import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.web.ConflictException;
import dev.foldhub.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** OOF predictions as the reference's level1_train_*.npy files (probabilities minus threshold): one fold's, or all. */
@Service
public class OofExport {

    private final ExperimentService experiments;
    private final OofStore oofStore;
    private final DatasetService datasets;

    public OofExport(ExperimentService experiments, OofStore oofStore, DatasetService datasets) {
        this.experiments = experiments;
        this.oofStore = oofStore;
        this.datasets = datasets;
    }

    public OofFile foldFile(long experimentId, int fold) {
        Experiment experiment = experiments.find(experimentId);
        OofPrediction oof = oofStore.find(experimentId, fold)
                .orElseThrow(() -> new NotFoundException("OOF predictions of experiment " + experimentId + " fold", fold));
        String name = Level1FileName.ofTrain(experiment.getName(), fold, oof.epoch(), oof.f2()).fileName();
        return new OofFile(name, Npy.writeFloat32(oof.centered(), oof.rows(), oof.classes()));
    }

    /**
     * The whole OOF of an experiment: every train.csv row in file order, N x C, each row minus its own
     * fold's threshold; 409 naming the folds without predictions.
     */
    public OofFile wholeFile(long experimentId) {
        Experiment experiment = experiments.find(experimentId);
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        List<OofPrediction> folds = oofStore.forExperiment(experimentId);
        List<Integer> missing = new ArrayList<>();
        for (int fold = 0; fold < assignment.numFolds(); fold++) {
            int f = fold;
            if (folds.stream().noneMatch(o -> o.fold() == f)) {
                missing.add(fold);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConflictException("experiment " + experimentId + " has no OOF predictions of fold(s) " + missing
                    + " of its " + assignment.numFolds() + "-fold assignment; the whole OOF needs every fold");
        }
        int classes = folds.get(0).classes();
        float[] all = new float[assignment.folds().length * classes];
        for (OofPrediction oof : folds) {
            int[] rows = assignment.rowsOf(oof.fold());
            if (oof.rows() != rows.length || oof.classes() != classes) {
                throw new IllegalStateException("stored OOF of experiment " + experimentId + " fold " + oof.fold()
                        + " is " + oof.rows() + " x " + oof.classes() + ", expected " + rows.length + " x " + classes);
            }
            float[] centered = oof.centered();
            for (int i = 0; i < rows.length; i++) { // fold row i is train.csv row rows[i]
                System.arraycopy(centered, i * classes, all, rows[i] * classes, classes);
            }
        }
        return new OofFile("level1_train_" + experiment.getName() + "_oof.npy",
                Npy.writeFloat32(all, assignment.folds().length, classes));
    }
}
