package dev.foldhub.dashboard;

import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import dev.foldhub.experiment.RunStatus;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One row of the experiments table: the experiment, plus what the row shows about its running folds. */
record ExperimentRow(ExperimentView experiment) {

    /** Percent of the data set's k folds finished (succeeded or imported), for the progress bar. */
    public int progressPercent() {
        int total = experiment.datasetFolds();
        return total == 0 ? 0 : Math.round(100f * experiment.foldsDone() / total);
    }

    /** "fold 2 epoch 5" for each running fold, or empty. */
    public String running() {
        return experiment.folds().stream().filter(f -> f.status() == RunStatus.RUNNING)
                .map(f -> "fold " + f.fold() + (f.currentEpoch() == null ? "" : " epoch " + f.currentEpoch()))
                .collect(Collectors.joining(", "));
    }

    /** The best F2 of fold {@code k} (the fold numbered k, not the k-th the experiment has), or null while none. */
    public Double f2Of(int k) {
        FoldView f = fold(k);
        return f == null ? null : f.bestF2();
    }

    /** "e3 t0.224": the best epoch and threshold of fold {@code k}, or empty while it has none. */
    public String bestEpochAndThreshold(int k) {
        FoldView f = fold(k);
        return f == null || f.bestEpoch() == null || f.threshold() == null ? ""
                : String.format(Locale.ROOT, "e%d t%.3f", f.bestEpoch(), f.threshold());
    }

    private FoldView fold(int k) {
        return experiment.folds().stream().filter(f -> f.fold() == k).findFirst().orElse(null);
    }

    public List<FoldView> folds() {
        return experiment.folds();
    }
}
