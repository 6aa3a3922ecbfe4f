package dev.foldhub.worker;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldSplit;
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
        FoldSplit split = datasets.folds(task.foldAssignmentId()).split(task.fold());
        List<LabeledImage> train = images(table, split.train());
        List<LabeledImage> validation = images(table, split.validation());
        // why: a seed per fold makes each fold's run reproducible and the folds' runs different; train.seed moves all
        long seed = seed(task.config().seed(), task.fold());
        return new FoldData(table.attributeIds().size(), train, validation, seed);
    }

    private static List<LabeledImage> images(DatasetTable table, int[] rows) {
        List<LabeledImage> images = new ArrayList<>(rows.length);
        for (int row : rows) {
            images.add(new LabeledImage(table.trainDir().resolve(table.trainIds().get(row) + ".png"), table.trainLabels()[row]));
        }
        return images;
    }

    /** A fold's seed: train.seed (42 when unset) + 1000 fold. */
    static long seed(Long configSeed, int fold) {
        return (configSeed == null ? 42L : configSeed) + 1000L * fold;
    }
}
