package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The mlflow_experiments and mlflow_experiment_tags tables. */
@Repository
class MlflowExperimentStore {

    /** One stored MLflow experiment; times in epoch milliseconds. */
    record Row(long id, String name, String artifactLocation, String lifecycleStage, long creationTime,
               long lastUpdateTime) {
    }

    private static final String COLUMNS = "id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    /** By position, in COLUMNS' order (why not query(Row.class): see MlflowRunStore's ROW). */
    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getLong(5), rs.getLong(6));

    private final JdbcClient jdbc;

    MlflowExperimentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new active experiment; without an artifact location, MLflow's default "mlflow-artifacts:/<id>". */
    long create(String name, String artifactLocation, long now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO mlflow_experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES (:name, :location, 'active', :now, :now)")
                .param("name", name).param("location", artifactLocation == null ? "" : artifactLocation).param("now", now)
                .update(keys, "id");
        long id = keys.getKey().longValue();
        if (artifactLocation == null || artifactLocation.isBlank()) {
            jdbc.sql("UPDATE mlflow_experiments SET artifact_location = :location WHERE id = :id")
                    .param("location", "mlflow-artifacts:/" + id).param("id", id).update();
        }
        return id;
    }

    Optional<Row> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_experiments WHERE id = :id").param("id", id)
                .query(ROW).optional();
    }

    Optional<Row> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_experiments WHERE name = :name").param("name", name)
                .query(ROW).optional();
    }

    List<Row> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mlflow_experiments ORDER BY id").query(ROW).list();
    }

    void setStage(long id, String stage, long now) {
        jdbc.sql("UPDATE mlflow_experiments SET lifecycle_stage = :stage, last_update_time = :now WHERE id = :id")
                .param("stage", stage).param("now", now).param("id", id).update();
    }

    void rename(long id, String name, long now) {
        jdbc.sql("UPDATE mlflow_experiments SET name = :name, last_update_time = :now WHERE id = :id")
                .param("name", name).param("now", now).param("id", id).update();
    }

    void setTag(long id, String key, String value) {
        int updated = jdbc.sql("UPDATE mlflow_experiment_tags SET val = :value WHERE experiment_id = :id AND name = :key")
                .param("value", value).param("id", id).param("key", key).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO mlflow_experiment_tags (experiment_id, name, val) VALUES (:id, :key, :value)")
                    .param("id", id).param("key", key).param("value", value).update();
        }
    }

    /** Every experiment's tags, by experiment id (experiments are few; search reads them all). */
    Map<Long, List<KeyValue>> tags() {
        Map<Long, List<KeyValue>> tags = new HashMap<>();
        jdbc.sql("SELECT experiment_id, name, val FROM mlflow_experiment_tags ORDER BY experiment_id, name")
                .query(rs -> {
                    tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new KeyValue(rs.getString(2), rs.getString(3)));
                });
        return tags;
    }
}
