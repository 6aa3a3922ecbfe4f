package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mlflow_runs, mlflow_params and mlflow_tags tables. */
@Repository
class MlflowRunStore {

    /**
     * One stored run; times in epoch milliseconds. foldhubExperimentId/foldhubFold: the Foldhub fold the run
     * reports into, null while its tags name none.
     */
    record Row(String runId, long experimentId, String runName, String userId, String status, long startTime,
               Long endTime, String artifactUri, String lifecycleStage, Long foldhubExperimentId, Integer foldhubFold) {

        boolean isActive() {
            return "active".equals(lifecycleStage);
        }
    }

    private static final String COLUMNS = "run_id, experiment_id, run_name, user_id, status, start_time, end_time,"
            + " artifact_uri, lifecycle_stage, foldhub_experiment_id, foldhub_fold";

    /**
     * By position, in COLUMNS' order. why not query(Row.class): its mapper asks the result set for each component's
     * own name (runId) before the column's (run_id), and on H2 each miss is an SQLException written with its stack
     * trace to the trace file, 10 a run read, on every MLflow call.
     */
    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getObject(7, Long.class), rs.getString(8), rs.getString(9),
            rs.getObject(10, Long.class), rs.getObject(11, Integer.class));

    private final JdbcClient jdbc;

    MlflowRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Row r) {
        jdbc.sql("INSERT INTO mlflow_runs (" + COLUMNS + ") VALUES (:runId, :experimentId, :runName, :userId, :status,"
                        + " :startTime, :endTime, :artifactUri, :lifecycleStage, :foldhubExperimentId, :foldhubFold)")
                .paramSource(r).update();
    }

    Optional<Row> find(String runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_runs WHERE run_id = :id").param("id", runId)
                .query(ROW).optional();
    }

    List<Row> inExperiments(Collection<Long> experimentIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_runs WHERE experiment_id IN (:ids)")
                .param("ids", experimentIds).query(ROW).list();
    }

    /** All experiments' runs, newest first (then by id), for the dashboard's pages. */
    List<Row> newestFirst(int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_runs ORDER BY start_time DESC, run_id"
                        + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("limit", limit).param("offset", offset).query(ROW).list();
    }

    /** Runs per MLflow experiment id. */
    Map<Long, Long> countsByExperiment() {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.sql("SELECT experiment_id, COUNT(*) FROM mlflow_runs GROUP BY experiment_id")
                .query(rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                });
        return counts;
    }

    void update(String runId, String status, Long endTime, String runName) {
        jdbc.sql("UPDATE mlflow_runs SET status = :status, end_time = :endTime, run_name = :runName WHERE run_id = :id")
                .param("status", status).param("endTime", endTime).param("runName", runName).param("id", runId).update();
    }

    void setStage(String runId, String stage) {
        jdbc.sql("UPDATE mlflow_runs SET lifecycle_stage = :stage WHERE run_id = :id")
                .param("stage", stage).param("id", runId).update();
    }

    void bind(String runId, Long foldhubExperimentId, Integer foldhubFold) {
        jdbc.sql("UPDATE mlflow_runs SET foldhub_experiment_id = :experiment, foldhub_fold = :fold WHERE run_id = :id")
                .param("experiment", foldhubExperimentId).param("fold", foldhubFold).param("id", runId).update();
    }

    /** Unbinds every run that reports into the Foldhub experiment (it is being deleted). */
    int unbindExperiment(long foldhubExperimentId) {
        return jdbc.sql("UPDATE mlflow_runs SET foldhub_experiment_id = NULL, foldhub_fold = NULL"
                + " WHERE foldhub_experiment_id = :experiment").param("experiment", foldhubExperimentId).update();
    }

    void insertParams(String runId, Collection<KeyValue> params) {
        for (KeyValue p : params) {
            jdbc.sql("INSERT INTO mlflow_params (run_id, name, val) VALUES (:id, :key, :value)")
                    .param("id", runId).param("key", p.key()).param("value", p.value()).update();
        }
    }

    /** Sets tags, replacing a tag's earlier value (params never change; tags may). */
    void setTags(String runId, Collection<KeyValue> tags) {
        for (KeyValue t : tags) {
            int updated = jdbc.sql("UPDATE mlflow_tags SET val = :value WHERE run_id = :id AND name = :key")
                    .param("value", t.value()).param("id", runId).param("key", t.key()).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO mlflow_tags (run_id, name, val) VALUES (:id, :key, :value)")
                        .param("id", runId).param("key", t.key()).param("value", t.value()).update();
            }
        }
    }

    boolean deleteTag(String runId, String key) {
        return jdbc.sql("DELETE FROM mlflow_tags WHERE run_id = :id AND name = :key")
                .param("id", runId).param("key", key).update() > 0;
    }

    Map<String, String> params(String runId) {
        return pairs("mlflow_params", runId);
    }

    Map<String, String> tags(String runId) {
        return pairs("mlflow_tags", runId);
    }

    /** Params of every run of the experiments, by run id. */
    Map<String, List<KeyValue>> paramsInExperiments(Collection<Long> experimentIds) {
        return pairsInExperiments("mlflow_params", experimentIds);
    }

    Map<String, List<KeyValue>> tagsInExperiments(Collection<Long> experimentIds) {
        return pairsInExperiments("mlflow_tags", experimentIds);
    }

    private Map<String, String> pairs(String table, String runId) {
        Map<String, String> pairs = new LinkedHashMap<>();
        jdbc.sql("SELECT name, val FROM " + table + " WHERE run_id = :id ORDER BY name").param("id", runId)
                .query(rs -> {
                    pairs.put(rs.getString(1), rs.getString(2));
                });
        return pairs;
    }

    private Map<String, List<KeyValue>> pairsInExperiments(String table, Collection<Long> experimentIds) {
        Map<String, List<KeyValue>> pairs = new HashMap<>();
        jdbc.sql("SELECT t.run_id, t.name, t.val FROM " + table + " t JOIN mlflow_runs r ON r.run_id = t.run_id"
                        + " WHERE r.experiment_id IN (:ids) ORDER BY t.run_id, t.name")
                .param("ids", experimentIds)
                .query(rs -> {
                    pairs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new KeyValue(rs.getString(2), rs.getString(3)));
                });
        return pairs;
    }
}
