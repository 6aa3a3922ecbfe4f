package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The process CPU time the BLEND job logs beside its wall times. */
class ProcessCpuTest {

    @Test
    void cpuSecondsSinceAReadingCountWhatThisThreadSpent() {
        // guards the log's CPU figures: a busy loop of about 0.2 s shows as CPU used, an unknown reading as NaN
        long before = ProcessCpu.nanos();
        assertThat(before).isPositive();
        long until = System.nanoTime() + 200_000_000L;
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        assertThat(sink).isPositive();
        assertThat(ProcessCpu.secondsSince(before)).isGreaterThan(0.1);
        assertThat(ProcessCpu.secondsSince(-1)).isNaN();
    }
}
