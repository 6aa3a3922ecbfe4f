package dev.foldhub.experiment;

/** Who an experiment is, without its folds: for lists that need only that (the storage view). */
public record ExperimentName(long id, String name, long datasetId, boolean archived) {
}
