package dev.foldhub.ensemble;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The server process's CPU time, for the BLEND job's log: with a step's wall time it shows how busy the cores were
 * (CPU s / wall s / cores), which wall times alone do not on a shared machine. All threads count, the compiler's and
 * the garbage collector's included; -1 where the JVM does not say.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU the process has used, or -1. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** CPU seconds since a {@link #nanos()} reading, or NaN when either is unknown. */
    static double secondsSince(long nanos) {
        long now = nanos();
        return nanos < 0 || now < 0 ? Double.NaN : (now - nanos) / 1e9;
    }
}
