package dev.foldhub.experiment;

/**
 * One fold of an experiment (JSON names are a contract): the state of its latest job, and its best
 * epoch once finished; currentEpoch is the last validated epoch of the running attempt. An imported
 * fold has status IMPORTED, no job (jobId null, attempts 0) and the epoch and score of its file name.
 */
public record FoldView(int fold, RunStatus status, Long jobId, Integer bestEpoch, Double bestF2, Double threshold,
                       Integer currentEpoch, int attempts, String error) {
}
