package dev.foldhub.experiment;

import dev.foldhub.training.TrainingConfig;

/** What a worker needs to train one fold of an experiment (configYaml: the config as stored, for a remote worker). */
public record FoldTask(long experimentId, String experimentName, int fold, TrainingConfig config, long datasetId,
                       long foldAssignmentId, String configYaml) {
}
