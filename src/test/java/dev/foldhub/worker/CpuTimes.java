package dev.foldhub.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * CPU seconds used so far: by this JVM (the server under test), by its request threads alone (Tomcat's http-nio
 * workers: no JIT compiler, GC or other background), by a set of PostgreSQL backends and by the whole machine
 * (busy = all but idle and iowait; from Linux's /proc), with the number of CPUs to turn them into shares.
 */
record CpuTimes(double server, double requests, double database, double machine) {

    static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    static CpuTimes now(Collection<Integer> databasePids) {
        double server = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double database = databasePids.stream().mapToDouble(CpuTimes::processSeconds).sum();
        return new CpuTimes(server, requestThreadSeconds(), database, machineBusySeconds());
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
        return new CpuTimes(server - earlier.server, requests - earlier.requests, database - earlier.database,
                machine - earlier.machine);
    }

    /** CPU time of the threads that serve HTTP requests (a thread that ended since is not counted). */
    private static double requestThreadSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("http-nio-") && info.getThreadName().contains("-exec-")) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
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
