package dev.foldhub.mlflow;

import dev.foldhub.series.MinMaxBuckets;
import dev.foldhub.series.SeriesPoint;
import dev.foldhub.series.StepRange;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The step metrics that MLflow runs logged into a Foldhub experiment's folds, thinned for a chart: each run's values
 * of one key in a step range are streamed as (step, value) columns straight into {@link MinMaxBuckets}, never as
 * whole rows or a list of all of them, so 100,000 values a run cost one index range scan and a few arrays.
 */
@Service
public class MetricSeries {

    /** One run's thinned series: the fold it reports into, how many values it has in the range, the kept points. */
    public record RunSeries(String runId, String runName, Integer fold, long count, List<SeriesPoint> points) {
    }

    /** Every run's series of one key over one range (the same buckets for all runs); range null when none has a value. */
    public record ExperimentSeries(String metric, StepRange range, int points, List<RunSeries> runs) {
    }

    private record Run(String runId, String runName, Integer fold) {
    }

    private final JdbcClient jdbc;

    MetricSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The metric keys the runs of the Foldhub experiment's folds logged, in name order. */
    @Transactional(readOnly = true)
    public List<String> keys(long experimentId) {
        return jdbc.sql("SELECT DISTINCT m.name FROM mlflow_metric_keys m JOIN mlflow_runs r ON r.run_id = m.run_id"
                        + " WHERE r.foldhub_experiment_id = :id AND r.lifecycle_stage = 'active' ORDER BY m.name")
                .param("id", experimentId).query(String.class).list();
    }

    /**
     * The key's series of every active run bound to the experiment, by fold: in [from, to] (either null: the runs'
     * first or last step), each at most {@code points} points.
     */
    @Transactional(readOnly = true)
    public ExperimentSeries series(long experimentId, String key, Long from, Long to, int points) {
        MinMaxBuckets.checkPoints(points); // refused even when there is nothing to thin
        List<Run> runs = jdbc.sql("SELECT run_id, run_name, foldhub_fold AS fold FROM mlflow_runs WHERE foldhub_experiment_id = :id"
                        + " AND lifecycle_stage = 'active' ORDER BY foldhub_fold, start_time, run_id")
                .param("id", experimentId)
                // by position: query(Run.class) would try each component's own name first (an SQLException on H2)
                .query((rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getObject(3, Integer.class))).list();
        StepRange range = range(runs, key, from, to);
        if (range == null) {
            return new ExperimentSeries(key, null, points, List.of());
        }
        List<RunSeries> series = new ArrayList<>();
        for (Run run : runs) {
            MinMaxBuckets buckets = new MinMaxBuckets(range, points);
            // no ORDER BY: the buckets take values in any order, and sorting 100,000 rows is the cost avoided
            jdbc.sql("SELECT p.step, p.val FROM mlflow_metric_points p JOIN mlflow_metric_keys k ON k.id = p.key_id"
                            + " WHERE k.run_id = :id AND k.name = :key AND p.step BETWEEN :from AND :to")
                    .param("id", run.runId()).param("key", key).param("from", range.from()).param("to", range.to())
                    .query(rs -> {
                        buckets.add(rs.getLong(1), rs.getDouble(2));
                    });
            if (buckets.count() > 0) {
                series.add(new RunSeries(run.runId(), run.runName(), run.fold(), buckets.count(), buckets.points()));
            }
        }
        return new ExperimentSeries(key, range, points, series);
    }

    /** The range asked for, an open end filled with the runs' first or last step of the key; null when there is none. */
    private StepRange range(List<Run> runs, String key, Long from, Long to) {
        if (from != null && to != null) {
            return new StepRange(from, to); // a backward range is the caller's mistake: refused naming from
        }
        Long first = null;
        Long last = null;
        for (Run run : runs) {
            // per run, so each MIN/MAX is a lookup at the ends of the index on (key_id, step)
            Long[] ends = jdbc.sql("SELECT MIN(p.step), MAX(p.step) FROM mlflow_metric_points p"
                            + " JOIN mlflow_metric_keys k ON k.id = p.key_id WHERE k.run_id = :id AND k.name = :key")
                    .param("id", run.runId()).param("key", key)
                    .query((rs, n) -> new Long[] {rs.getObject(1, Long.class), rs.getObject(2, Long.class)}).single();
            if (ends[0] != null) {
                first = first == null ? ends[0] : Math.min(first, ends[0]);
                last = last == null ? ends[1] : Math.max(last, ends[1]);
            }
        }
        long start = from != null ? from : first == null ? 0 : first;
        long end = to != null ? to : last == null ? 0 : last;
        return first == null || start > end ? null : new StepRange(start, end);
    }
}
