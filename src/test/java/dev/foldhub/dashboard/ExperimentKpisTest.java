package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import dev.foldhub.experiment.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The experiment page's KPI numbers from an experiment's folds and epochs. */
class ExperimentKpisTest {

    // guards issue 15 item 4: best epoch and threshold over the finished folds only, speed over every recorded epoch
    @Test
    void summarisesFinishedFoldsAndEveryRecordedEpoch() {
        ExperimentView e = experiment(List.of(
                new FoldView(0, RunStatus.SUCCEEDED, 1L, 3, 0.61, 0.12, 4, 1, null),
                new FoldView(1, RunStatus.SUCCEEDED, 2L, 5, 0.64, 0.18, 5, 1, null),
                new FoldView(2, RunStatus.RUNNING, 3L, null, null, null, 1, 1, null)));
        ExperimentKpis k = ExperimentKpis.of(e, Map.of(
                0, List.of(epoch(1, 2.0, 100.0), epoch(2, 4.0, 50.0)),
                1, List.of(epoch(1, 3.0, null)),
                2, List.of()));
        assertThat(k.bestEpochs()).containsExactly(3, 5);
        assertThat(k.meanBestEpoch()).isEqualTo(4.0);
        assertThat(k.sameBestEpoch()).as("the folds differ: the page shows the mean").isNull();
        assertThat(k.thresholds()).containsExactly(0.12, 0.18);
        assertThat(k.meanThreshold()).isCloseTo(0.15, offset(1e-12));
        assertThat(k.epochSeconds()).isEqualTo(3.0); // (2 + 4 + 3) / 3
        assertThat(k.imagesPerSecond()).as("an epoch without images/s is left out").isEqualTo(75.0);
        assertThat(k.epochs()).isEqualTo(3);
        assertThat(k.hasEpochs()).isTrue();
    }

    // guards: an imported experiment (no epochs) has nothing to chart, and one shared best epoch is shown as is
    @Test
    void anExperimentWithoutEpochsHasNothingToChart() {
        ExperimentView e = experiment(List.of(new FoldView(0, RunStatus.IMPORTED, null, 3, 0.7, 0.0, null, 0, null),
                new FoldView(1, RunStatus.IMPORTED, null, 3, 0.6, 0.0, null, 0, null)));
        ExperimentKpis k = ExperimentKpis.of(e, Map.of(0, List.of(), 1, List.of()));
        assertThat(k.hasEpochs()).isFalse();
        assertThat(k.sameBestEpoch()).isEqualTo(3);
        assertThat(k.epochSeconds()).isNull();
        assertThat(k.imagesPerSecond()).isNull();
    }

    private static EpochView epoch(int epoch, Double seconds, Double imagesPerSecond) {
        return new EpochView(epoch, 0.5, 0.5, 0.2, 0.001, seconds, imagesPerSecond, 0.4, 0.45);
    }

    private static ExperimentView experiment(List<FoldView> folds) {
        return new ExperimentView(1, "e", RunStatus.RUNNING, "", 1, "tiny", 1, "hash", "resnet18", 32,
                "binary_cross_entropy", null, null, null, 2, folds.size(), Instant.EPOCH, folds, true, List.of(), true,
                5, null, false, null, List.of(), null);
    }
}
