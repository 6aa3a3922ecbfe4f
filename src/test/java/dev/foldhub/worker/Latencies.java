package dev.foldhub.worker;

import java.util.Arrays;
import java.util.List;

/** Durations in nanoseconds, one writer each (an agent's thread); merged and sorted for percentiles at the end. */
final class Latencies {

    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** All durations of the parts, sorted ascending. */
    static long[] sorted(List<Latencies> parts) {
        long[] all = new long[parts.stream().mapToInt(Latencies::size).sum()];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.values, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The q-quantile of sorted nanoseconds, in milliseconds (nearest rank); NaN when there are none. */
    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
