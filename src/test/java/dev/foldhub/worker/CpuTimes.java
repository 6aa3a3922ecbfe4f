package dev.foldhub.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * CPU seconds used so far, read from Linux's /proc: by this JVM (the server under test), by a set of PostgreSQL
 * backends, and by the whole machine (busy = all but idle and iowait), with the number of CPUs to turn them into shares.
 */
record CpuTimes(double server, double database, double machine) {

    static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    static CpuTimes now(Collection<Integer> databasePids) {
        double server = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double database = databasePids.stream().mapToDouble(CpuTimes::processSeconds).sum();
        return new CpuTimes(server, database, machineBusySeconds());
    }

    /** /proc/loadavg, for the figures' context. */
    static String loadAverage() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(server - earlier.server, database - earlier.database, machine - earlier.machine);
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/pid/stat); 0 once it has gone. */
    private static double processSeconds(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal ... in ticks. */
    private static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
