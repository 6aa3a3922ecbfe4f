package dev.foldhub.experiment;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.training.TrainingConfigParser;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * POST .../folds/{k}/predict-oof: queues a PREDICT_OOF job that predicts the fold's validation rows again with its
 * best checkpoint and TTA, as the reference's train.py --predict_oof does (test.num_ttas unless the request says).
 */
@Service
public class OofRecomputations {

    private final ExperimentService experiments;
    private final FoldResultRepository foldResults;
    private final DatasetService datasets;
    private final StorageProperties storage;
    private final JobQueue queue;
    private final JdbcClient jdbc;
    private final Clock clock;

    public OofRecomputations(ExperimentService experiments, FoldResultRepository foldResults, DatasetService datasets,
                             StorageProperties storage, JobQueue queue, JdbcClient jdbc, Clock clock) {
        this.experiments = experiments;
        this.foldResults = foldResults;
        this.datasets = datasets;
        this.storage = storage;
        this.queue = queue;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues the job and returns its id: 404 unknown experiment or fold, 409 no checkpoint or a stacker, 400 bad ttas. */
    @Transactional
    public long request(long experimentId, int fold, Integer ttas) {
        Experiment experiment = experiments.find(experimentId);
        int numFolds = datasets.folds(experiment.getFoldAssignmentId()).numFolds();
        if (fold < 0 || fold >= numFolds) {
            throw new NotFoundException("fold of experiment " + experimentId + ":", fold);
        }
        if (ttas != null && ttas < 1) {
            throw new InvalidInputException("ttas", "must be at least 1, got " + ttas);
        }
        if (TrainingConfig.LEVEL2.equals(experiment.getArch())) {
            throw new ConflictException("experiment " + experimentId + " is a level-2 stacker: its OOF comes from "
                    + "training the fold on its members' predictions, not from images; retrain the fold instead");
        }
        FoldResult result = foldResults.findByExperimentIdAndFold(experimentId, fold).orElse(null);
        if (result == null || result.getCheckpoint() == null) {
            throw new ConflictException("fold " + fold + " of experiment " + experimentId + " has no checkpoint"
                    + (result == null ? " (it has not finished training)" : " (it was imported)"));
        }
        Path root = storage.artifactsDir().toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(result.getCheckpoint()).normalize())) {
            throw new ConflictException("the checkpoint of fold " + fold + " of experiment " + experimentId
                    + " is no longer in the artifact directory");
        }
        int numTtas = ttas != null ? ttas : TrainingConfigParser.parse(experiment.getConfig()).numTtas();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO oof_recomputations (experiment_id, fold, num_ttas, created_at) VALUES (?, ?, ?, ?)")
                .params(experimentId, fold, numTtas, Timestamp.from(clock.instant()))
                .update(keys, "id");
        return queue.enqueue(JobKind.PREDICT_OOF, keys.getKey().longValue(), fold, 10);
    }

    /** The request a PREDICT_OOF job is for. */
    @Transactional(readOnly = true)
    public OofRecomputation find(long id) {
        return jdbc.sql("SELECT id, experiment_id, fold, num_ttas FROM oof_recomputations WHERE id = ?").param(id)
                .query((rs, n) -> new OofRecomputation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4)))
                .optional().orElseThrow(() -> new NotFoundException("OOF recomputation", id));
    }

    /** The experiment each PREDICT_OOF job's request is for (request id -> experiment id; gone requests left out). */
    @Transactional(readOnly = true)
    public Map<Long, Long> experimentsOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> byExperiment = new HashMap<>();
        jdbc.sql("SELECT id, experiment_id FROM oof_recomputations WHERE id IN (:ids)").param("ids", ids)
                .query((ResultSet rs) -> {
                    byExperiment.put(rs.getLong(1), rs.getLong(2));
                });
        return byExperiment;
    }
}
