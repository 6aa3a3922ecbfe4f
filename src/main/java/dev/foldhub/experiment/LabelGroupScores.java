package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.F2Score;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An experiment's pooled OOF F2 per label group ({@link LabelGroups}: the part of a label name before "::").
 * Per row, TP/FP/FN count only the group's labels (predicted where p - fold threshold > 0); the mean
 * is over the rows that have at least one true label of the group.
 */
@Service
public class LabelGroupScores {

    private final ExperimentService experiments;
    private final OofStore oofStore;
    private final DatasetService datasets;

    public LabelGroupScores(ExperimentService experiments, OofStore oofStore, DatasetService datasets) {
        this.experiments = experiments;
        this.oofStore = oofStore;
        this.datasets = datasets;
    }

    /** Group name -> F2, in label order of first appearance; empty while no fold has OOF predictions. */
    @Transactional(readOnly = true)
    public Map<String, Double> of(long experimentId) {
        Experiment experiment = experiments.find(experimentId);
        DatasetTable table = datasets.table(experiment.getDatasetId());
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        List<String> names = table.attributeNames();
        int classes = names.size();
        LabelGroups labelGroups = table.labelGroups();
        int[] groupOf = labelGroups.groupOf();
        int groups = labelGroups.size();
        double[] sums = new double[groups];
        int[] rowsCounted = new int[groups];
        int[] tp = new int[groups];
        int[] predicted = new int[groups];
        int[] actual = new int[groups];
        for (OofPrediction oof : oofStore.forExperiment(experimentId)) {
            float[] centered = oof.centered();
            int[] rows = assignment.rowsOf(oof.fold());
            for (int i = 0; i < rows.length; i++) {
                Arrays.fill(tp, 0);
                Arrays.fill(predicted, 0);
                Arrays.fill(actual, 0);
                for (int c = 0; c < classes; c++) {
                    if (centered[i * classes + c] > 0) {
                        predicted[groupOf[c]]++;
                    }
                }
                for (int label : table.trainLabels()[rows[i]]) {
                    actual[groupOf[label]]++;
                    if (centered[i * classes + label] > 0) {
                        tp[groupOf[label]]++;
                    }
                }
                for (int g = 0; g < groups; g++) {
                    if (actual[g] > 0) {
                        sums[g] += F2Score.rowF2(tp[g], predicted[g] - tp[g], actual[g] - tp[g]);
                        rowsCounted[g]++;
                    }
                }
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int g = 0; g < groups; g++) {
            if (rowsCounted[g] > 0) {
                scores.put(labelGroups.name(g), sums[g] / rowsCounted[g]);
            }
        }
        return scores;
    }
}
