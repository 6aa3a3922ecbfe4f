package dev.foldhub.experiment;

import dev.foldhub.training.TrainingConfigParser;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An experiment's finished fold models (thresholds, checkpoints, config), for test inference elsewhere. */
@Service
public class ExperimentModels {

    private final ExperimentService experiments;
    private final FoldResultRepository foldResults;

    public ExperimentModels(ExperimentService experiments, FoldResultRepository foldResults) {
        this.experiments = experiments;
        this.foldResults = foldResults;
    }

    /** 404 when the experiment does not exist. */
    @Transactional(readOnly = true)
    public ExperimentModel of(long experimentId) {
        Experiment e = experiments.find(experimentId);
        List<FoldModel> folds = foldResults.findByExperimentIdOrderByFold(experimentId).stream()
                .map(r -> new FoldModel(r.getFold(), r.getThreshold(), r.getCheckpoint()))
                .toList();
        // external experiments, like imported ones, have no config to build models from
        return new ExperimentModel(e.getId(), e.getName(), !e.trainsOnQueue(), e.getDatasetId(), e.getFoldAssignmentId(),
                e.trainsOnQueue() ? TrainingConfigParser.parse(e.getConfig()) : null, folds);
    }

    /** The experiment's training config as submitted (YAML); null for an imported or external one. 404 when unknown. */
    @Transactional(readOnly = true)
    public String configYaml(long experimentId) {
        Experiment e = experiments.find(experimentId);
        return e.trainsOnQueue() ? e.getConfig() : null;
    }
}
