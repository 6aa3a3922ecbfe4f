package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * mlflow_metric_keys (a run's key once, with its latest value: the largest step, then timestamp, then value) and
 * mlflow_metric_points (every logged value, naming its key by id).
 */
@Repository
class MlflowMetricStore {

    /** MLflow's "latest": the largest step, then the latest timestamp, then the largest value. */
    static final Comparator<Metric> LATEST = Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value);

    /** Key ids remembered (ids never change: keys are never deleted); emptied when full. */
    static final int KEY_CACHE_ENTRIES = 100_000;

    /** Rows a multi-row INSERT of points carries (4 parameters each), so a batch of 1,000 is 4 statements. */
    static final int INSERT_ROWS = 250;

    private record RunKey(String runId, String key) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Map<RunKey, Integer> keyIds = new ConcurrentHashMap<>();

    MlflowMetricStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Moves each key's latest value (the key made on its first value), then appends the values to the history. */
    void log(String runId, List<Metric> metrics) {
        logAll(Map.of(runId, metrics));
    }

    /** {@link #log} for several runs in one go (one transaction's worth of grouped requests): fewer statements. */
    void logAll(Map<String, List<Metric>> byRun) {
        // in (run, key) order: concurrent writers lock key rows in one order, so they cannot deadlock
        Map<RunKey, Metric> newest = new TreeMap<>(Comparator.comparing(RunKey::runId).thenComparing(RunKey::key));
        byRun.forEach((runId, metrics) -> {
            for (Metric m : metrics) {
                newest.merge(new RunKey(runId, m.key()), m, (a, b) -> LATEST.compare(b, a) > 0 ? b : a);
            }
        });
        Map<RunKey, Integer> ids = new HashMap<>();
        List<Object[]> moves = new ArrayList<>();
        newest.forEach((runKey, m) -> {
            Integer cached = keyIds.get(runKey);
            if (cached != null) {
                ids.put(runKey, cached);
                moves.add(new Object[] {m.value(), m.timestamp(), m.step(), cached, m.step(), m.step(), m.timestamp(),
                        m.timestamp(), m.value()});
            } else {
                ids.put(runKey, newKey(runKey, m));
            }
        });
        if (!moves.isEmpty()) {
            // one statement a key: the row lock makes a concurrent batch of the same key compare with the value
            // committed first; a JDBC batch, so one round trip for all keys
            batch.batchUpdate("UPDATE mlflow_metric_keys SET val = ?, ts = ?, step = ? WHERE id = ?"
                    + " AND (step < ? OR (step = ? AND (ts < ? OR (ts = ? AND val < ?))))", moves);
        }
        List<Object> args = new ArrayList<>();
        int rows = 0;
        for (Map.Entry<String, List<Metric>> run : byRun.entrySet()) {
            for (Metric m : run.getValue()) {
                args.add(m.step());
                args.add(m.timestamp());
                args.add(m.value());
                args.add(ids.get(new RunKey(run.getKey(), m.key())));
                if (++rows == INSERT_ROWS) {
                    insertPoints(args, rows);
                    args.clear();
                    rows = 0;
                }
            }
        }
        if (rows > 0) {
            insertPoints(args, rows);
        }
    }

    // a multi-row INSERT: one statement for up to INSERT_ROWS points, far less work than as many single inserts
    private void insertPoints(List<Object> args, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO mlflow_metric_points (step, ts, val, key_id) VALUES (?, ?, ?, ?)");
        sql.append(", (?, ?, ?, ?)".repeat(rows - 1));
        batch.update(sql.toString(), args.toArray());
    }

    /** The new key's id, made with {@code m} as its latest value; made by a concurrent writer: moved to m if later. */
    private int newKey(RunKey runKey, Metric m) {
        int inserted = jdbc.sql("INSERT INTO mlflow_metric_keys (run_id, name, val, ts, step)"
                        + " VALUES (:run, :key, :value, :ts, :step) ON CONFLICT DO NOTHING")
                .param("run", runKey.runId()).param("key", runKey.key()).param("value", m.value())
                .param("ts", m.timestamp()).param("step", m.step()).update();
        int id = jdbc.sql("SELECT id FROM mlflow_metric_keys WHERE run_id = :run AND name = :key")
                .param("run", runKey.runId()).param("key", runKey.key()).query(Integer.class).single();
        if (inserted == 0) {
            jdbc.sql("UPDATE mlflow_metric_keys SET val = :value, ts = :ts, step = :step WHERE id = :id"
                            + " AND (step < :step OR (step = :step AND (ts < :ts OR (ts = :ts AND val < :value))))")
                    .param("value", m.value()).param("ts", m.timestamp()).param("step", m.step()).param("id", id).update();
        }
        remember(runKey, id);
        return id;
    }

    // why after commit: a key made by a transaction that rolls back must not be remembered
    private void remember(RunKey runKey, int id) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            put(runKey, id);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                put(runKey, id);
            }
        });
    }

    private void put(RunKey runKey, int id) {
        if (keyIds.size() >= KEY_CACHE_ENTRIES) {
            keyIds.clear(); // a crude bound: a key not remembered is looked up again, once
        }
        keyIds.put(runKey, id);
    }

    Map<String, Metric> latest(String runId) {
        Map<String, Metric> latest = new LinkedHashMap<>();
        jdbc.sql("SELECT name, val, ts, step FROM mlflow_metric_keys WHERE run_id = :id ORDER BY name")
                .param("id", runId)
                .query(rs -> {
                    latest.put(rs.getString(1), new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)));
                });
        return latest;
    }

    /** Latest values of every run of the experiments, by run id. */
    Map<String, List<Metric>> latestInExperiments(Collection<Long> experimentIds) {
        Map<String, List<Metric>> latest = new HashMap<>();
        jdbc.sql("SELECT m.run_id, m.name, m.val, m.ts, m.step FROM mlflow_metric_keys m"
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
        return jdbc.sql("SELECT p.val, p.ts, p.step FROM mlflow_metric_points p JOIN mlflow_metric_keys k ON k.id = p.key_id"
                        + " WHERE k.run_id = :id AND k.name = :key"
                        + " ORDER BY p.step, p.ts, p.id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("id", runId).param("key", key).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new Metric(key, rs.getDouble(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /** Every value the run logged, in logging order. */
    List<Metric> all(String runId) {
        return jdbc.sql("SELECT k.name, p.val, p.ts, p.step FROM mlflow_metric_points p"
                        + " JOIN mlflow_metric_keys k ON k.id = p.key_id WHERE k.run_id = :id ORDER BY p.id")
                .param("id", runId)
                .query((rs, n) -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4))).list();
    }
}
