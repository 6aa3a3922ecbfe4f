package dev.foldhub.series;

import dev.foldhub.errors.InvalidInputException;

/** The steps [from, to] of a series that a chart shows (both ends included). */
public record StepRange(long from, long to) {

    public StepRange {
        if (from > to) {
            throw new InvalidInputException("from", "must not be after to (" + from + " > " + to + ")");
        }
    }

    public boolean contains(long step) {
        return step >= from && step <= to;
    }

    /** The bucket of a step among {@code buckets} equal slices of the range: floor((step - from) * buckets / (to - from + 1)). */
    int bucket(long step, int buckets) {
        // why: doubles, since (step - from) * buckets overflows a long for steps near Long.MAX_VALUE
        double slice = ((double) step - from) * buckets / ((double) to - from + 1);
        return (int) Math.max(0, Math.min(buckets - 1, Math.floor(slice)));
    }
}
