package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Why and when a running job stops: a shutdown waits for the epoch's end, a cancel or a lost lease does not. */
class StopSignalTest {

    // guards item 3 of issue 13: a cancel asked for during the shutdown grace wins: the job stops now, as CANCELLED
    @Test
    void aCancelDuringTheShutdownGraceOverridesTheShutdown() {
        StopSignal stop = new StopSignal();
        stop.shutdown(Duration.ofHours(1));
        assertThat(stop.stopNow()).as("a shutdown lets the epoch finish").isFalse();

        stop.request(StopSignal.Reason.CANCELLED);

        assertThat(stop.reason()).isEqualTo(StopSignal.Reason.CANCELLED);
        assertThat(stop.stopNow()).isTrue();
    }

    // guards: a lost lease during the shutdown grace stops the job at once (nothing more may be written for it)
    @Test
    void aLostLeaseDuringTheShutdownGraceStopsAtOnce() {
        StopSignal stop = new StopSignal();
        stop.shutdown(Duration.ofHours(1));

        stop.request(StopSignal.Reason.LEASE_LOST);

        assertThat(stop.reason()).isEqualTo(StopSignal.Reason.LEASE_LOST);
        assertThat(stop.stopNow()).isTrue();
    }

    // guards: a shutdown after a cancel does not turn the cancel into a release
    @Test
    void aShutdownAfterACancelKeepsTheCancel() {
        StopSignal stop = new StopSignal();
        stop.request(StopSignal.Reason.CANCELLED);

        stop.shutdown(Duration.ofHours(1));

        assertThat(stop.reason()).isEqualTo(StopSignal.Reason.CANCELLED);
        assertThat(stop.stopNow()).isTrue();
    }
}
