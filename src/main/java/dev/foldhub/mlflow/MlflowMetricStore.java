package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** mlflow_metrics (every logged value) and mlflow_latest_metrics (per key, the value at the largest step). */
@Repository
class MlflowMetricStore {

    /** MLflow's "latest": the largest step, then the latest timestamp, then the largest value. */
    static final Comparator<Metric> LATEST = Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    MlflowMetricStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Appends the values to the run's history (one batched insert) and moves each key's latest value. */
    void log(String runId, List<Metric> metrics) {
        batch.batchUpdate("INSERT INTO mlflow_metrics (run_id, name, val, ts, step) VALUES (?, ?, ?, ?, ?)", metrics,
                metrics.size(), (ps, m) -> {
                    ps.setString(1, runId);
                    ps.setString(2, m.key());
                    ps.setDouble(3, m.value());
                    ps.setLong(4, m.timestamp());
                    ps.setLong(5, m.step());
                });
        Map<String, Metric> stored = latest(runId);
        Map<String, Metric> changed = new LinkedHashMap<>();
        for (Metric m : metrics) {
            Metric current = changed.containsKey(m.key()) ? changed.get(m.key()) : stored.get(m.key());
            if (current == null || LATEST.compare(m, current) > 0) {
                changed.put(m.key(), m);
            }
        }
        for (Metric m : changed.values()) {
            String sql = stored.containsKey(m.key())
                    ? "UPDATE mlflow_latest_metrics SET val = :value, ts = :ts, step = :step WHERE run_id = :id AND name = :key"
                    : "INSERT INTO mlflow_latest_metrics (run_id, name, val, ts, step) VALUES (:id, :key, :value, :ts, :step)";
            jdbc.sql(sql).param("id", runId).param("key", m.key()).param("value", m.value())
                    .param("ts", m.timestamp()).param("step", m.step()).update();
        }
    }

    Map<String, Metric> latest(String runId) {
        Map<String, Metric> latest = new LinkedHashMap<>();
        jdbc.sql("SELECT name, val, ts, step FROM mlflow_latest_metrics WHERE run_id = :id ORDER BY name")
                .param("id", runId)
                .query(rs -> {
                    latest.put(rs.getString(1), new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)));
                });
        return latest;
    }

    /** Latest values of every run of the experiments, by run id. */
    Map<String, List<Metric>> latestInExperiments(Collection<Long> experimentIds) {
        Map<String, List<Metric>> latest = new HashMap<>();
        jdbc.sql("SELECT m.run_id, m.name, m.val, m.ts, m.step FROM mlflow_latest_metrics m"
                        + " JOIN mlflow_runs r ON r.run_id = m.run_id WHERE r.experiment_id IN (:ids) ORDER BY m.run_id, m.name")
                .param("ids", experimentIds)
                .query(rs -> {
                    latest.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Metric(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5)));
                });
        return latest;
    }

    /** One key's history in step order (then time, then logging order), a page of it. */
    List<Metric> history(String runId, String key, int offset, int limit) {
        return jdbc.sql("SELECT name, val, ts, step FROM mlflow_metrics WHERE run_id = :id AND name = :key"
                        + " ORDER BY step, ts, id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("id", runId).param("key", key).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** Every value the run logged, in logging order. */
    List<Metric> all(String runId) {
        return jdbc.sql("SELECT name, val, ts, step FROM mlflow_metrics WHERE run_id = :id ORDER BY id")
                .param("id", runId)
                .query((rs, n) -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4))).list();
    }
}
