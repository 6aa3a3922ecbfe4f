package dev.foldhub.experiment;

import dev.foldhub.queue.JobState;
import java.util.Collection;

/** An experiment's status, derived from the states of its folds' latest jobs. */
final class ExperimentStatus {

    private ExperimentStatus() {
    }

    static JobState of(Collection<JobState> folds) {
        if (folds.isEmpty()) {
            return JobState.QUEUED;
        }
        boolean anyFinished = folds.stream().anyMatch(JobState::isFinished);
        if (folds.contains(JobState.RUNNING) || (folds.contains(JobState.QUEUED) && anyFinished)) {
            return JobState.RUNNING;
        }
        if (folds.contains(JobState.QUEUED)) {
            return JobState.QUEUED;
        }
        if (folds.stream().allMatch(s -> s == JobState.SUCCEEDED)) {
            return JobState.SUCCEEDED;
        }
        return folds.contains(JobState.FAILED) ? JobState.FAILED : JobState.CANCELLED;
    }
}
