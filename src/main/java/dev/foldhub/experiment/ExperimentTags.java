package dev.foldhub.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The experiment_tags table: an experiment's tags, read for many experiments in one query. */
@Component
class ExperimentTags {

    private final JdbcClient jdbc;

    ExperimentTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<String> of(long experimentId) {
        return jdbc.sql("SELECT tag FROM experiment_tags WHERE experiment_id = :id ORDER BY tag")
                .param("id", experimentId).query(String.class).list();
    }

    /** The tags of each of the experiments (an experiment without tags is absent from the map). */
    Map<Long, List<String>> of(Collection<Long> experimentIds) {
        if (experimentIds.isEmpty()) {
            return Map.of();
        }
        return group(jdbc.sql("SELECT experiment_id, tag FROM experiment_tags WHERE experiment_id IN (:ids)"
                + " ORDER BY experiment_id, tag").param("ids", List.copyOf(experimentIds)));
    }

    /** Every experiment's tags. */
    Map<Long, List<String>> all() {
        return group(jdbc.sql("SELECT experiment_id, tag FROM experiment_tags ORDER BY experiment_id, tag"));
    }

    /** Every tag in use, sorted. */
    List<String> distinct() {
        return jdbc.sql("SELECT DISTINCT tag FROM experiment_tags ORDER BY tag").query(String.class).list();
    }

    /** Replaces the experiment's tags; the caller holds the experiment's row lock, so two replaces do not interleave. */
    void replace(long experimentId, List<String> tags) {
        jdbc.sql("DELETE FROM experiment_tags WHERE experiment_id = :id").param("id", experimentId).update();
        for (String tag : tags) {
            jdbc.sql("INSERT INTO experiment_tags (experiment_id, tag) VALUES (:id, :tag)")
                    .param("id", experimentId).param("tag", tag).update();
        }
    }

    private static Map<Long, List<String>> group(JdbcClient.StatementSpec statement) {
        Map<Long, List<String>> tags = new HashMap<>();
        statement.query(rs -> {
            tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return tags;
    }
}
