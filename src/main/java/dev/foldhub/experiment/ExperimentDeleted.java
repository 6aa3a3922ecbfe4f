package dev.foldhub.experiment;

/**
 * Published inside the transaction that deletes an experiment (its rows are gone when it commits): packages that
 * point at experiments let go of it; its checkpoint files are removed once the transaction has committed.
 */
public record ExperimentDeleted(long experimentId, String name) {
}
