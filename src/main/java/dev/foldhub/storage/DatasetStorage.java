package dev.foldhub.storage;

/**
 * What the experiments of one data set take together (checkpoints and predictions); the data set's images stay where
 * they were registered and are not counted.
 */
public record DatasetStorage(long id, String name, int experiments, long bytes) {
}
