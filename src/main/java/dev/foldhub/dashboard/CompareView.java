package dev.foldhub.dashboard;

import dev.foldhub.ensemble.OofCorrelation;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Experiments side by side: each fold's best F2, and the heatmap of their OOF correlation
 * (null with a reason when it cannot be computed, say because a fold has not finished).
 */
record CompareView(List<ExperimentView> experiments, List<Integer> folds, List<String> names,
                   List<List<HeatCell>> heatmap, String heatmapProblem) {

    /** A cell of the heatmap: the value and its background, darker blue for higher correlation. */
    record HeatCell(Double value, String style) {
    }

    static CompareView of(List<ExperimentView> experiments, OofCorrelation.Matrix matrix, String problem) {
        int folds = experiments.stream().mapToInt(e -> e.folds().stream().mapToInt(FoldView::fold).max().orElse(-1) + 1)
                .max().orElse(0);
        List<List<HeatCell>> cells = new ArrayList<>();
        List<String> names = List.of();
        if (matrix != null) {
            names = matrix.names();
            for (Double[] row : matrix.correlation()) {
                List<HeatCell> line = new ArrayList<>();
                for (Double r : row) {
                    line.add(new HeatCell(r, color(r)));
                }
                cells.add(line);
            }
        }
        return new CompareView(experiments, IntStream.range(0, folds).boxed().toList(), names, cells, problem);
    }

    /** The best F2 of one experiment's fold, or null while it has none. */
    public Double f2(ExperimentView experiment, int fold) {
        return experiment.folds().stream().filter(f -> f.fold() == fold).findFirst().map(FoldView::bestF2).orElse(null);
    }

    private static String color(Double r) {
        if (r == null) {
            return "background:#eee";
        }
        double strength = Math.max(0, Math.min(1, r)); // r <= 0 stays white: blends gain most there
        double lightness = 97 - 55 * strength;
        return String.format(Locale.ROOT, "background:hsl(212,70%%,%.0f%%);color:%s", lightness,
                lightness < 60 ? "#fff" : "#111");
    }
}
