package dev.foldhub.experiment;

import dev.foldhub.training.TrainingConfig;
import java.util.List;

/**
 * An experiment's finished fold models, for test inference.
 *
 * @param config the parsed training config; null for an imported experiment (no models, only stored predictions)
 * @param folds  the finished folds, by fold
 */
public record ExperimentModel(long id, String name, boolean imported, long datasetId, long foldAssignmentId,
                              TrainingConfig config, List<FoldModel> folds) {
}
