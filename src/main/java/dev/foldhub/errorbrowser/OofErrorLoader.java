package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.oof.OofErrorSettings;
import dev.foldhub.scoring.oof.OofErrors;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Feeds an experiment's stored OOF predictions, fold by fold and row by row in their stored encoding, into an
 * {@link OofErrors}: a label is predicted where p exceeds its fold's threshold. Folds without predictions are left
 * out (the analysis covers the rows that have them); none at all is a 409.
 */
@Component
class OofErrorLoader {

    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final OofStore oofStore;

    OofErrorLoader(ExperimentService experiments, DatasetService datasets, OofStore oofStore) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.oofStore = oofStore;
    }

    OofErrorAnalysis load(long experimentId, OofErrorSettings settings) {
        ExperimentView experiment = experiments.get(experimentId);
        DatasetTable table = datasets.table(experiment.datasetId());
        FoldAssignment assignment = datasets.folds(experiment.foldAssignmentId());
        int classes = table.attributeIds().size();
        OofErrors errors = new OofErrors(classes, 1, settings);
        float[][] probs = new float[1][classes];
        float[] thresholds = new float[1];
        float[] score = new float[classes];
        for (int fold = 0; fold < assignment.numFolds(); fold++) {
            StoredOof oof = oofStore.findStored(experimentId, fold).orElse(null);
            if (oof == null) {
                continue;
            }
            int[] rows = assignment.rowsOf(fold);
            if (oof.rows() != rows.length || oof.classes() != classes) {
                throw new ConflictException("the OOF predictions of experiment " + experimentId + " fold " + fold
                        + " are " + oof.rows() + " x " + oof.classes() + ", its data set's fold has " + rows.length
                        + " x " + classes);
            }
            thresholds[0] = (float) oof.threshold();
            for (int i = 0; i < rows.length; i++) { // fold row i is train.csv row rows[i]
                oof.decodeRow(i, 0, probs[0]);
                for (int c = 0; c < classes; c++) {
                    score[c] = probs[0][c] - thresholds[0];
                }
                errors.addRow(rows[i], table.trainLabels()[rows[i]], score, probs, thresholds);
            }
        }
        if (errors.rows() == 0) {
            throw new ConflictException("experiment " + experimentId + " has no OOF predictions yet");
        }
        return new OofErrorAnalysis(experimentId, experiment.name(), experiment.datasetId(), table,
                List.of(experiment.name()), errors);
    }
}
