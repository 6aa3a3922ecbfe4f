package dev.foldhub.dashboard;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.mlflow.MetricSeries;
import dev.foldhub.mlflow.MetricSeries.ExperimentSeries;
import dev.foldhub.series.MinMaxBuckets;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The experiment page's step-metric charts: the keys the folds' MLflow runs logged, and one key's series per run
 * thinned to at most {@code points} points of [from, to] (min and max a bucket), asked again for a zoomed range.
 */
@RestController
class ExperimentSeriesApi {

    private final ExperimentService experiments;
    private final MetricSeries series;

    ExperimentSeriesApi(ExperimentService experiments, MetricSeries series) {
        this.experiments = experiments;
        this.series = series;
    }

    @GetMapping("/api/experiments/{id}/metrics")
    Map<String, List<String>> metrics(@PathVariable long id) {
        experiments.name(id); // 404 for no such experiment
        return Map.of("keys", series.keys(id));
    }

    @GetMapping("/api/experiments/{id}/series")
    ExperimentSeries series(@PathVariable long id, @RequestParam(required = false) String metric,
                            @RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
                            @RequestParam(defaultValue = "" + MinMaxBuckets.DEFAULT_POINTS) int points) {
        if (metric == null || metric.isBlank()) {
            throw new InvalidInputException("metric", "is required: one of GET /api/experiments/" + id + "/metrics");
        }
        experiments.name(id);
        return series.series(id, metric, from, to, points);
    }
}
