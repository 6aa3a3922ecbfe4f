package dev.foldhub.dashboard;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The experiment page's headline numbers, from the experiment and its folds' epochs: the best epoch and threshold
 * over its finished folds (mean, and each fold's), the mean epoch time and training images/s over its trained
 * epochs, and whether it has any epochs to chart (an imported experiment has none).
 *
 * @param bestEpochs      each finished fold's best epoch, in fold order
 * @param meanBestEpoch   their mean; null when no fold is finished
 * @param thresholds      each finished fold's threshold, in fold order
 * @param meanThreshold   their mean; null when no fold is finished
 * @param epochSeconds    mean wall time of an epoch (training and validation); null when none recorded it
 * @param imagesPerSecond mean training images per second of an epoch; null when none recorded it
 * @param epochs          how many epochs the folds have recorded, all together
 */
record ExperimentKpis(List<Integer> bestEpochs, Double meanBestEpoch, List<Double> thresholds, Double meanThreshold,
                      Double epochSeconds, Double imagesPerSecond, int epochs) {

    static ExperimentKpis of(ExperimentView experiment, Map<Integer, List<EpochView>> epochsByFold) {
        List<FoldView> finished = experiment.folds().stream().filter(f -> f.bestF2() != null).toList();
        List<Integer> bestEpochs = finished.stream().map(FoldView::bestEpoch).filter(Objects::nonNull).toList();
        List<Double> thresholds = finished.stream().map(FoldView::threshold).filter(Objects::nonNull).toList();
        List<EpochView> all = epochsByFold.values().stream().flatMap(Collection::stream).toList();
        return new ExperimentKpis(bestEpochs, mean(bestEpochs.stream().map(Integer::doubleValue).toList()),
                thresholds, mean(thresholds), mean(all, EpochView::seconds), mean(all, EpochView::imagesPerSecond),
                all.size());
    }

    /** The best epoch when every finished fold has the same one, else null (the page shows the mean). */
    public Integer sameBestEpoch() {
        return bestEpochs.isEmpty() || bestEpochs.stream().distinct().count() > 1 ? null : bestEpochs.get(0);
    }

    /** Whether there is anything to chart: an experiment without epochs shows its fold scores instead. */
    public boolean hasEpochs() {
        return epochs > 0;
    }

    private static Double mean(List<EpochView> epochs, Function<EpochView, Double> value) {
        return mean(epochs.stream().map(value).filter(Objects::nonNull).toList());
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
