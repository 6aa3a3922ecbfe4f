package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnsembleViewsStatusTest {

    @Test
    void aSucceededBlendJobWhoseOutcomeTheReadMissedIsStillRunning() {
        // guards: a view reads the ensemble row, then its job; when the job recorded its outcome and finished between the
        // two reads, the view must not say SUCCEEDED with an empty outcome (BlendHttpBenchmark once saw exactly that)
        assertThat(EnsembleViews.status("search", "SUCCEEDED", false)).isEqualTo("RUNNING");
        assertThat(EnsembleViews.status("search", "SUCCEEDED", true)).isEqualTo("SUCCEEDED");
    }

    @Test
    void otherStatesAndSourcesAreReportedAsTheyAre() {
        // guards: only the SUCCEEDED-without-outcome case is held back
        assertThat(EnsembleViews.status("search", "RUNNING", false)).isEqualTo("RUNNING");
        assertThat(EnsembleViews.status("search", "FAILED", false)).isEqualTo("FAILED");
        assertThat(EnsembleViews.status("search", "CANCELLED", false)).isEqualTo("CANCELLED");
        assertThat(EnsembleViews.status("search", null, false)).isEqualTo("QUEUED");
        assertThat(EnsembleViews.status("imported", null, false)).isEqualTo("IMPORTED");
        assertThat(EnsembleViews.status(EnsembleService.SOURCE_EXPERIMENT, "SUCCEEDED", false)).isEqualTo("EXPERIMENT");
    }
}
