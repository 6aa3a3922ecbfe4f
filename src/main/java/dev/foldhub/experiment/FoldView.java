package dev.foldhub.experiment;

import dev.foldhub.queue.JobState;

/**
 * One fold of an experiment (JSON names are a contract): the state of its latest job, and its best
 * epoch once finished; currentEpoch is the last validated epoch of the running attempt.
 */
public record FoldView(int fold, JobState status, Long jobId, Integer bestEpoch, Double bestF2, Double threshold,
                       Integer currentEpoch, int attempts, String error) {
}
