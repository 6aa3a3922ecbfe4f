package dev.foldhub.experiment;

import dev.foldhub.queue.JobState;

/**
 * The status the API shows for an experiment and its folds: a trained one's follows its jobs' states;
 * an imported one (level1 files of work done elsewhere, no jobs) is IMPORTED, experiment and folds.
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, IMPORTED;

    static RunStatus of(JobState state) {
        return valueOf(state.name());
    }

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }
}
