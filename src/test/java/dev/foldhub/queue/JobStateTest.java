package dev.foldhub.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The job state machine allows exactly the documented transitions. */
class JobStateTest {

    private static final Map<JobState, Set<JobState>> EXPECTED = Map.of(
            JobState.QUEUED, EnumSet.of(JobState.RUNNING, JobState.CANCELLED),
            JobState.RUNNING, EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.QUEUED),
            JobState.SUCCEEDED, EnumSet.noneOf(JobState.class),
            JobState.FAILED, EnumSet.of(JobState.QUEUED),
            JobState.CANCELLED, EnumSet.of(JobState.QUEUED));

    @Test
    void everyPairOfStatesIsAllowedOnlyWhenTheTableSaysSo() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void onlySucceededFailedAndCancelledAreFinished() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isFinished))
                .containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
    }
}
