package dev.foldhub.ensemble;

import dev.foldhub.experiment.ExperimentUsage;
import dev.foldhub.experiment.ExperimentUser;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The ensembles an experiment is a member of (a blend, or the one-member ensemble of its own submission). */
@Component
class EnsembleUsage implements ExperimentUsage {

    private final JdbcClient jdbc;

    EnsembleUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ExperimentUser> usersOf(long experimentId) {
        return jdbc.sql("SELECT e.id, e.name FROM ensembles e WHERE e.id IN "
                        + "(SELECT m.ensemble_id FROM ensemble_members m WHERE m.experiment_id = ?) ORDER BY e.id")
                .param(experimentId)
                .query((rs, n) -> new ExperimentUser("ensemble", rs.getLong(1), rs.getString(2))).list();
    }
}
