package dev.foldhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;

/** Seeds MLflow runs and their metric points by batch JDBC (benchmarks only; the REST API is far slower for millions). */
public final class MlflowPoints {

    private static final int BATCH = 10_000;

    private MlflowPoints() {
    }

    /**
     * One FINISHED run in MLflow experiment 0 bound to a Foldhub experiment's fold, with a noisy decaying batch_loss at
     * steps 0..values-1 and its latest value.
     */
    public static void seedRun(JdbcTemplate jdbc, String runId, long foldhubExperiment, int fold, int values, Random random) {
        jdbc.update("INSERT INTO mlflow_runs (run_id, experiment_id, run_name, status, start_time, artifact_uri,"
                + " lifecycle_stage, foldhub_experiment_id, foldhub_fold) VALUES (?, 0, ?, 'FINISHED', ?, 'x', 'active', ?, ?)",
                runId, "fold-" + fold, 1_000L + fold, foldhubExperiment, fold);
        jdbc.update("INSERT INTO mlflow_metric_keys (run_id, name, val, ts, step) VALUES (?, 'batch_loss', 0, 0, ?)",
                runId, values - 1L);
        int keyId = jdbc.queryForObject("SELECT id FROM mlflow_metric_keys WHERE run_id = ? AND name = 'batch_loss'",
                Integer.class, runId);
        List<Object[]> rows = new ArrayList<>(BATCH);
        for (int step = 0; step < values; step++) {
            double loss = 2.0 * Math.exp(-step / (values / 5.0)) + 0.05 * random.nextGaussian();
            rows.add(new Object[] {(long) step, 1_700_000_000_000L + step, loss, keyId});
            if (rows.size() == BATCH) {
                insert(jdbc, rows);
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            insert(jdbc, rows);
        }
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO mlflow_metric_points (step, ts, val, key_id) VALUES (?, ?, ?, ?)", rows);
    }
}
