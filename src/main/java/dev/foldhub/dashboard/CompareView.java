package dev.foldhub.dashboard;

import dev.foldhub.ensemble.OofCorrelation;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Experiments side by side: each fold's best F2 and the summaries (the best of each row marked), the mean ± std chart
 * on an axis zoomed to the data, the mean validation-F2 curves, the config keys that differ, and the heatmap of OOF
 * correlation over the experiments that have OOF (those without are listed in {@code heatmapLeftOut}).
 */
record CompareView(List<ExperimentView> experiments, List<Integer> folds, List<Long> heatmapIds, List<String> names,
                   List<List<HeatCell>> heatmap, String heatmapProblem, List<OofCorrelation.LeftOut> heatmapLeftOut,
                   List<String> groups, Map<Long, Map<String, Double>> groupScores, ConfigDiff configDiff,
                   List<CompareCurve> curves, F2Axis axis) {

    /** A cell of the heatmap: the value and its background, darker blue for higher correlation. */
    record HeatCell(Double value, String style) {
    }

    static CompareView of(List<ExperimentView> experiments, OofCorrelation.Partial correlation,
                          Map<Long, Map<String, Double>> groupScores, List<CompareCurve> curves) {
        int folds = experiments.stream().mapToInt(e -> e.folds().stream().mapToInt(FoldView::fold).max().orElse(-1) + 1)
                .max().orElse(0);
        List<List<HeatCell>> cells = new ArrayList<>();
        List<String> names = List.of();
        List<Long> heatmapIds = List.of();
        OofCorrelation.Matrix matrix = correlation == null ? null : correlation.matrix();
        if (matrix != null) {
            names = matrix.names();
            heatmapIds = matrix.experiments();
            for (Double[] row : matrix.correlation()) {
                List<HeatCell> line = new ArrayList<>();
                for (Double r : row) {
                    line.add(new HeatCell(r, color(r)));
                }
                cells.add(line);
            }
        }
        List<String> groups = groupScores.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
        return new CompareView(experiments, IntStream.range(0, folds).boxed().toList(), heatmapIds, names, cells,
                correlation == null ? null : correlation.problem(),
                correlation == null ? List.of() : correlation.leftOut(), groups, groupScores,
                ConfigDiff.of(experiments), curves, F2Axis.of(experiments));
    }

    /** The best F2 of one experiment's fold, or null while it has none. */
    public Double f2(ExperimentView experiment, int fold) {
        return experiment.folds().stream().filter(f -> f.fold() == fold).findFirst().map(FoldView::bestF2).orElse(null);
    }

    /** The OOF F2 of a label group for one experiment, or null. */
    public Double groupF2(ExperimentView experiment, String group) {
        return groupScores.getOrDefault(experiment.id(), Map.of()).get(group);
    }

    public boolean bestFold(ExperimentView experiment, int fold) {
        return best(f2(experiment, fold), experiments.stream().map(e -> f2(e, fold)).toList());
    }

    public boolean bestMean(ExperimentView experiment) {
        return best(experiment.cvMean(), experiments.stream().map(ExperimentView::cvMean).toList());
    }

    public boolean bestOof(ExperimentView experiment) {
        return best(experiment.oofF2(), experiments.stream().map(ExperimentView::oofF2).toList());
    }

    public boolean bestGroup(ExperimentView experiment, String group) {
        return best(groupF2(experiment, group), experiments.stream().map(e -> groupF2(e, group)).toList());
    }

    /** Whether any experiment has a validated epoch to draw. */
    public boolean hasCurves() {
        return curves.stream().anyMatch(c -> !c.points().isEmpty());
    }

    /** What compare.js draws: each experiment's colour, mean, std and fold F2s, the axis, and the curves. */
    public Map<String, Object> chart(ExperimentColours colours) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (ExperimentView e : experiments) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", e.id());
            p.put("name", e.name());
            p.put("colour", colours.of(e.id()));
            p.put("mean", e.cvMean());
            p.put("std", e.cvStd());
            p.put("folds", e.folds().stream().map(FoldView::bestF2).filter(Objects::nonNull).toList());
            points.add(p);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (CompareCurve c : curves) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", c.experimentId());
            line.put("name", c.name());
            line.put("colour", colours.of(c.experimentId()));
            line.put("points", c.points().stream().map(p -> Map.of("x", p.epoch(), "y", p.meanF2(), "folds", p.folds()))
                    .toList());
            lines.add(line);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("experiments", points);
        chart.put("axis", axis == null ? null : Map.of("min", axis.min(), "max", axis.max()));
        chart.put("curves", lines);
        return chart;
    }

    /** The row's best: the highest value, when at least two experiments have one (ties are all best). */
    static boolean best(Double value, List<Double> row) {
        List<Double> present = row.stream().filter(Objects::nonNull).toList();
        return value != null && present.size() >= 2 && present.stream().allMatch(v -> v <= value);
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
