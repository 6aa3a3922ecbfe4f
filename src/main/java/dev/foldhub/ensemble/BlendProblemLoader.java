package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Streams the members' stored OOF predictions, one fold at a time, into a sparse blend evaluator,
 * so the dense matrices of all models are never in memory together.
 */
@Component
class BlendProblemLoader {

    /** The searches score at threshold 0: positions where some model's p exceeds its fold threshold. */
    static final float MARGIN = 0f;
    /** Threshold tuning goes down to -0.1 (its grid): positions with every x_m <= -0.1 never matter. */
    static final float BELOW_MARGIN = -0.1f;
    /**
     * At most this many positions a row under the margin (those with the highest max_m x_m), whatever the fold
     * thresholds: thresholds >= floor * sum(w) stay exact, floor being the highest max_m x_m dropped.
     */
    static final int BELOW_PER_ROW = 48;

    private final DatasetService datasets;
    private final OofStore oofStore;
    private final ExperimentService experiments;

    BlendProblemLoader(DatasetService datasets, OofStore oofStore, ExperimentService experiments) {
        this.datasets = datasets;
        this.oofStore = oofStore;
        this.experiments = experiments;
    }

    BlendProblem load(long datasetId, long foldAssignmentId, List<Long> experimentIds) {
        FoldAssignment assignment = datasets.folds(foldAssignmentId);
        DatasetTable table = datasets.table(datasetId);
        int classes = table.attributeIds().size();
        int models = experimentIds.size();
        BlendEvaluatorBuilder builder = newBuilder(models, classes, labelGroups(table));
        int[] foldOfRow = new int[assignment.folds().length];
        int at = 0;
        for (int fold = 0; fold < assignment.numFolds(); fold++) {
            int[] rows = assignment.rowsOf(fold);
            float[][] centered = new float[models][];
            for (int m = 0; m < models; m++) {
                long id = experimentIds.get(m);
                int f = fold;
                OofPrediction oof = oofStore.find(id, fold).orElseThrow(() -> new IllegalStateException(
                        "experiment " + id + " has no OOF predictions for fold " + f));
                if (oof.rows() != rows.length || oof.classes() != classes) {
                    throw new IllegalStateException("experiment " + id + " fold " + fold + " has " + oof.rows() + " x "
                            + oof.classes() + " OOF predictions; the fold has " + rows.length + " x " + classes);
                }
                centered[m] = oof.centered();
            }
            for (int i = 0; i < rows.length; i++) {
                builder.addRow(centered, i * classes, table.trainLabels()[rows[i]]);
                foldOfRow[at++] = fold;
            }
        }
        List<String> names = new ArrayList<>();
        experimentIds.forEach(id -> names.add(experiments.name(id)));
        return new BlendProblem(builder.build(), names, foldOfRow);
    }

    /** The builder of every blend problem production loads: margin 0 plus the bounded tier under it. */
    static BlendEvaluatorBuilder newBuilder(int models, int classes, int[] labelGroups) {
        return new BlendEvaluatorBuilder(models, classes, labelGroups, MARGIN, BELOW_MARGIN, BELOW_PER_ROW);
    }

    /** Per class its label group ({@link LabelGroups}: the name's prefix; iMet: 0 = culture, 1 = tag). */
    static int[] labelGroups(DatasetTable table) {
        return LabelGroups.of(table.attributeNames()).groupOf();
    }
}
