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
        return new ExperimentModel(e.getId(), e.getName(), e.isImported(), e.getDatasetId(), e.getFoldAssignmentId(),
                e.isImported() ? null : TrainingConfigParser.parse(e.getConfig()), folds);
    }
}
