package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import dev.foldhub.experiment.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The compare page's parts without a context: the zoomed axis, each row's best, the mean curves, the config diff, colours. */
class CompareViewTest {

    @Test // guards: the axis spans mean ± std and the folds with padding, not 0..1, so 0.01 differences are visible
    void theAxisIsZoomedToTheData() {
        F2Axis axis = F2Axis.of(List.of(experiment(1, 0.60, 0.61, 0.62), experiment(2, 0.63, 0.64)));
        assertThat(axis.min()).isGreaterThan(0.55).isLessThanOrEqualTo(0.60 - 0.005);
        assertThat(axis.max()).isLessThan(0.70).isGreaterThanOrEqualTo(0.64 + 0.005);
        // mean - std below every fold (one fold far off) widens the axis to it
        ExperimentView spread = experiment(3, 0.40, 0.80);
        F2Axis wide = F2Axis.of(List.of(spread));
        assertThat(wide.min()).isLessThan(0.40);
        assertThat(wide.max()).isGreaterThan(0.80).isLessThanOrEqualTo(1.0);
        assertThat(F2Axis.of(List.of(experiment(4)))).as("no finished fold: no axis").isNull();
        assertThat(F2Axis.of(List.of(experiment(5, 0.001))).min()).as("never below 0").isEqualTo(0.0);
    }

    @Test // guards: the highest value of a row is its best, ties included, and only when two experiments have one
    void theBestOfARowIsTheHighestAmongAtLeastTwo() {
        assertThat(CompareView.best(0.62, Arrays.asList(0.60, 0.62, null))).isTrue();
        assertThat(CompareView.best(0.60, Arrays.asList(0.60, 0.62, null))).isFalse();
        assertThat(CompareView.best(0.62, Arrays.asList(0.62, 0.62))).as("a tie is best for both").isTrue();
        assertThat(CompareView.best(0.62, Arrays.asList(0.62, null))).as("nothing to beat").isFalse();
        assertThat(CompareView.best(null, Arrays.asList(null, 0.5, 0.4))).isFalse();
    }

    @Test // guards: the curve is the mean over the folds that validated each epoch, with their number
    void theCurveIsTheMeanOverFoldsPerEpoch() {
        CompareCurve curve = CompareCurve.of(7, "x", Map.of(
                0, List.of(epoch(1, 0.50), epoch(2, 0.60), epoch(3, 0.70)),
                1, List.of(epoch(1, 0.54), epoch(2, null), epoch(3, 0.74)),
                2, List.of(epoch(1, 0.52))));
        assertThat(curve.points()).extracting(CompareCurve.Point::epoch).containsExactly(1, 2, 3);
        assertThat(curve.points().get(0).meanF2()).isCloseTo(0.52, offset(1e-12));
        assertThat(curve.points().get(0).folds()).isEqualTo(3);
        assertThat(curve.points().get(1).meanF2()).as("a fold without F2 at an epoch does not count").isCloseTo(0.60, offset(1e-12));
        assertThat(curve.points().get(1).folds()).isEqualTo(1);
        assertThat(curve.points().get(2).meanF2()).isCloseTo(0.72, offset(1e-12));
    }

    @Test // guards: the diff lists each key that differs in any experiment with every experiment's value, and no other
    void theConfigDiffListsTheKeysThatDiffer() {
        String base = "model:\n  arch: resnet18\noptimizer:\n  params:\n    lr: 0.001\ntrain:\n  num_epochs: 5\n";
        String lr = base.replace("lr: 0.001", "lr: 0.0003");
        String epochs = base.replace("num_epochs: 5", "num_epochs: 8") + "swa: true\n";
        ConfigDiff diff = ConfigDiff.of(List.of(withConfig(1, base), withConfig(2, lr), withConfig(3, epochs)));
        assertThat(diff.problem()).isNull();
        assertThat(diff.rows()).extracting(ConfigDiff.Row::key)
                .containsExactlyInAnyOrder("optimizer.params.lr", "train.num_epochs", "swa");
        assertThat(row(diff, "optimizer.params.lr")).containsExactly("0.001", "3.0E-4", "0.001");
        assertThat(row(diff, "train.num_epochs")).containsExactly("5", "5", "8");
        assertThat(row(diff, "swa")).containsExactly(null, null, "true");
        assertThat(ConfigDiff.of(List.of(withConfig(1, base), withConfig(2, base))).rows()).isEmpty();
        assertThat(ConfigDiff.of(List.of(withConfig(1, base), withConfig(2, "a: [unclosed"))).problem()).isNotNull();
        // an imported experiment's config is a comment: left out and named, not a column of absent keys
        ConfigDiff mixed = ConfigDiff.of(List.of(withConfig(1, "# imported from level1 files\n"), withConfig(2, base),
                withConfig(3, lr)));
        assertThat(mixed.withoutConfig()).containsExactly("e1");
        assertThat(mixed.compared()).extracting(ExperimentView::id).containsExactly(2L, 3L);
        assertThat(mixed.rows()).extracting(ConfigDiff.Row::key).containsExactly("optimizer.params.lr");
    }

    @Test // guards: an experiment's colour depends on its id alone, and neighbouring ids get distinct hues
    void coloursAreStablePerIdAndSpreadOut() {
        ExperimentColours colours = new ExperimentColours();
        assertThat(colours.of(42)).isEqualTo(new ExperimentColours().of(42)).matches("hsl\\(\\d{1,3},65%,45%\\)");
        Set<Integer> hues = new HashSet<>();
        LongStream.rangeClosed(1, 12).forEach(id -> hues.add(ExperimentColours.hue(id)));
        assertThat(hues).hasSize(12);
        List<Integer> sorted = new ArrayList<>(hues);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("12 hues at least 10 degrees apart").isGreaterThanOrEqualTo(10);
        }
    }

    private static List<String> row(ConfigDiff diff, String key) {
        return diff.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().values();
    }

    private static EpochView epoch(int epoch, Double f2) {
        return new EpochView(epoch, null, f2, null, null, null, null, null);
    }

    private static ExperimentView withConfig(long id, String config) {
        return view(id, config, List.of());
    }

    private static ExperimentView experiment(long id, double... foldF2) {
        List<FoldView> folds = new ArrayList<>();
        for (int k = 0; k < foldF2.length; k++) {
            folds.add(new FoldView(k, RunStatus.SUCCEEDED, (long) k, 1, foldF2[k], 0.2, 1, 1, null));
        }
        return view(id, "", folds);
    }

    private static ExperimentView view(long id, String config, List<FoldView> folds) {
        double[] f2 = folds.stream().mapToDouble(FoldView::bestF2).toArray();
        Double mean = f2.length == 0 ? null : Arrays.stream(f2).average().orElseThrow();
        Double std = mean == null ? null
                : Math.sqrt(Arrays.stream(f2).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        return new ExperimentView(id, "e" + id, RunStatus.SUCCEEDED, config, 1, "d", 1, "h", "resnet18", 32, "bce",
                mean, std, null, folds.size(), folds.size(), Instant.EPOCH, folds, false, List.of(), true, folds.size(),
                null, false, null, List.of(), null);
    }
}
