package dev.foldhub.submission;

import dev.foldhub.experiment.ExperimentUsage;
import dev.foldhub.experiment.ExperimentUser;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The submissions that blend an experiment's test predictions (one of their inputs is a fold of it). */
@Component
class SubmissionUsage implements ExperimentUsage {

    private final JdbcClient jdbc;

    SubmissionUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ExperimentUser> usersOf(long experimentId) {
        return jdbc.sql("SELECT DISTINCT submission_id FROM submission_inputs WHERE experiment_id = ? ORDER BY submission_id")
                .param(experimentId).query(Long.class).list().stream()
                .map(id -> new ExperimentUser("submission", id, "submission #" + id)).toList();
    }
}
