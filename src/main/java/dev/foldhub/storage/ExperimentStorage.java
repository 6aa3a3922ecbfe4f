package dev.foldhub.storage;

/**
 * What one experiment takes (JSON names are a contract): its checkpoint files on disk, its OOF and test predictions in
 * the database (the stored bytes), and both together.
 */
public record ExperimentStorage(long id, String name, long datasetId, String dataset, boolean archived,
                                long checkpointBytes, long predictionBytes, long totalBytes) {
}
