package dev.foldhub.queue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The life of a job, with the explicit table of allowed transitions. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            // RUNNING -> QUEUED: the reaper requeues a job whose worker stopped heartbeating.
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED));

    public boolean canMoveTo(JobState next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
