package dev.foldhub.experiment;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Archiving (hiding from the lists, nothing removed) and deleting experiments. A delete removes the experiment with its
 * folds, epochs, fold results, OOF and test predictions, its jobs (queued and finished) and its checkpoint files; it is
 * refused while an ensemble or a submission uses the experiment ({@link ExperimentUsage}) or a fold of it runs.
 */
@Service
public class ExperimentCleanup {

    private final ExperimentRepository experiments;
    private final ExperimentViews views;
    private final JobQueue queue;
    private final OofStore oof;
    private final TestPredictionStore testPredictions;
    private final List<ExperimentUsage> usages;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    ExperimentCleanup(ExperimentRepository experiments, ExperimentViews views, JobQueue queue, OofStore oof,
                      TestPredictionStore testPredictions, List<ExperimentUsage> usages, ApplicationEventPublisher events,
                      JdbcClient jdbc, Clock clock) {
        this.experiments = experiments;
        this.views = views;
        this.queue = queue;
        this.oof = oof;
        this.testPredictions = testPredictions;
        this.usages = usages;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Hides the experiment from the lists (again: unchanged); 409 naming the state while folds are queued or running. */
    @Transactional
    public ExperimentView archive(long id) {
        Experiment experiment = locked(id);
        ExperimentView view = views.of(experiment);
        List<String> busy = view.folds().stream().filter(f -> !f.status().isFinished())
                .map(f -> "fold " + f.fold() + " is " + f.status()).toList();
        if (!busy.isEmpty()) {
            throw new ConflictException("experiment " + id + " '" + experiment.getName() + "' is " + view.status()
                    + " (" + String.join(", ", busy) + "): cancel it or let its folds finish before archiving it");
        }
        if (experiment.getArchivedAt() == null) {
            // why: microseconds, what both databases keep, so this answer and every later read agree
            experiment.setArchivedAt(clock.instant().truncatedTo(ChronoUnit.MICROS));
        }
        return views.of(experiment);
    }

    /** Shows the experiment in the lists again (unchanged when it is not archived). */
    @Transactional
    public ExperimentView unarchive(long id) {
        Experiment experiment = locked(id);
        experiment.setArchivedAt(null);
        return views.of(experiment);
    }

    /**
     * Deletes the experiment and everything stored for it; its clones keep their rows and lose their parent link.
     * 404 unknown id; 409 (type in-use, "usedBy") while ensembles or submissions use it; 409 while a fold runs.
     */
    @Transactional
    public void delete(long id) {
        Experiment experiment = locked(id);
        String name = experiment.getName();
        List<ExperimentUser> users = usages.stream().flatMap(u -> u.usersOf(id).stream()).toList();
        if (!users.isEmpty()) {
            throw new ExperimentInUseException(id, name, users);
        }
        List<Integer> running = views.of(experiment).folds().stream().filter(f -> f.status() == RunStatus.RUNNING)
                .map(FoldView::fold).toList();
        if (!running.isEmpty()) {
            throw runningConflict(id, name, running.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        List<Long> recomputations = jdbc.sql("SELECT id FROM oof_recomputations WHERE experiment_id = ?").param(id)
                .query(Long.class).list();
        // why: a job leased since the view was read stays RUNNING and is counted here; the refusal rolls back the deletes
        int stillRunning = queue.deleteUnlessRunning(JobKind.TRAIN_FOLD, List.of(id))
                + queue.deleteUnlessRunning(JobKind.PREDICT_OOF, recomputations);
        if (stillRunning > 0) {
            throw runningConflict(id, name, "a job of it was leased just now");
        }
        oof.deleteForExperiment(id);
        testPredictions.deleteForExperiment(id);
        for (String table : List.of("epoch_metrics", "fold_results", "external_folds", "oof_recomputations")) {
            // why: the table names are this package's own constants, never text from a request
            jdbc.sql("DELETE FROM " + table + " WHERE experiment_id = ?").param(id).update();
        }
        jdbc.sql("UPDATE experiments SET parent_experiment_id = NULL WHERE parent_experiment_id = ?").param(id).update();
        jdbc.sql("DELETE FROM experiments WHERE id = ?").param(id).update();
        events.publishEvent(new ExperimentDeleted(id, name));
    }

    private static ConflictException runningConflict(long id, String name, String folds) {
        return new ConflictException("experiment " + id + " '" + name + "' is RUNNING (fold " + folds
                + "): cancel it and wait for its folds to stop before deleting it");
    }

    private Experiment locked(long id) {
        return experiments.findWithLockById(id).orElseThrow(() -> new NotFoundException("experiment", id));
    }
}
