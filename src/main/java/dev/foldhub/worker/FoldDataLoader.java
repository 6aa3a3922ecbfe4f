package dev.foldhub.worker;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Splits a data set by its fold assignment: train on the other folds, validate on this one (train.csv order). */
@Component
class FoldDataLoader {

    private final DatasetService datasets;

    FoldDataLoader(DatasetService datasets) {
        this.datasets = datasets;
    }

    FoldData load(FoldTask task) {
        DatasetTable table = datasets.table(task.datasetId());
        FoldAssignment assignment = datasets.folds(task.foldAssignmentId());
        byte[] folds = assignment.folds();
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        for (int row = 0; row < folds.length; row++) {
            LabeledImage image = new LabeledImage(table.trainDir().resolve(table.trainIds().get(row) + ".png"),
                    table.trainLabels()[row]);
            (folds[row] == task.fold() ? validation : train).add(image);
        }
        // why: a seed per fold makes each fold's run reproducible and the folds' runs different; train.seed moves all
        long seed = seed(task.config().seed(), task.fold());
        return new FoldData(table.attributeIds().size(), train, validation, seed);
    }

    /** A fold's seed: train.seed (42 when unset) + 1000 fold. */
    static long seed(Long configSeed, int fold) {
        return (configSeed == null ? 42L : configSeed) + 1000L * fold;
    }
}
