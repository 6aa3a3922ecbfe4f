package dev.foldhub.series;

import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Thins a metric series for a chart: the range is cut into equal buckets of steps and each bucket keeps its lowest
 * and its highest point (so spikes survive, unlike averaging), plus the series' first and last points; at most
 * {@code points} points in all. A series with no more points than that in the range comes back whole. Values are
 * fed one at a time in any order ({@link #add}), so a caller can stream rows without holding them.
 * Non-finite values (NaN, infinities) are skipped: a chart cannot draw them.
 */
public final class MinMaxBuckets {

    public static final int DEFAULT_POINTS = 2000;
    public static final int MIN_POINTS = 10;
    public static final int MAX_POINTS = 10_000;

    private static final Comparator<SeriesPoint> BY_STEP = Comparator.comparingLong(SeriesPoint::step);

    private final StepRange range;
    private final int points;
    private final int buckets;
    private final long[] minStep;
    private final double[] minValue;
    private final long[] maxStep;
    private final double[] maxValue;
    /** every point while there are no more than {@code points}; null after that */
    private List<SeriesPoint> whole = new ArrayList<>();
    private SeriesPoint first;
    private SeriesPoint last;
    private long count;

    public MinMaxBuckets(StepRange range, int points) {
        checkPoints(points);
        this.range = range;
        this.points = points;
        this.buckets = (points - 2) / 2; // two a bucket, and the first and last points
        this.minStep = new long[buckets];
        this.minValue = new double[buckets];
        this.maxStep = new long[buckets];
        this.maxValue = new double[buckets];
        Arrays.fill(minValue, Double.NaN);
        Arrays.fill(maxValue, Double.NaN);
    }

    /** The points asked for, or a 400 naming "points" outside [MIN_POINTS, MAX_POINTS]. */
    public static int checkPoints(int points) {
        if (points < MIN_POINTS || points > MAX_POINTS) {
            throw new InvalidInputException("points", "must be between " + MIN_POINTS + " and " + MAX_POINTS
                    + ", not " + points);
        }
        return points;
    }

    /** The series thinned to at most {@code points} points of the range, in step order. */
    public static List<SeriesPoint> thin(List<SeriesPoint> series, StepRange range, int points) {
        MinMaxBuckets b = new MinMaxBuckets(range, points);
        series.forEach(p -> b.add(p.step(), p.value()));
        return b.points();
    }

    /** Adds one logged value; ignored outside the range or when not finite. */
    public void add(long step, double value) {
        if (!range.contains(step) || !Double.isFinite(value)) {
            return;
        }
        count++;
        if (whole != null) {
            whole.add(new SeriesPoint(step, value));
            if (whole.size() > points) {
                whole = null;
            }
        }
        if (first == null || step < first.step()) {
            first = new SeriesPoint(step, value);
        }
        if (last == null || step >= last.step()) {
            last = new SeriesPoint(step, value);
        }
        int b = range.bucket(step, buckets);
        // the first point of a lowest (highest) value wins, so equal values keep the earliest step
        if (Double.isNaN(minValue[b]) || value < minValue[b] || (value == minValue[b] && step < minStep[b])) {
            minValue[b] = value;
            minStep[b] = step;
        }
        if (Double.isNaN(maxValue[b]) || value > maxValue[b] || (value == maxValue[b] && step < maxStep[b])) {
            maxValue[b] = value;
            maxStep[b] = step;
        }
    }

    /** How many values in the range were added. */
    public long count() {
        return count;
    }

    /** The kept points in step order: every point if there were few, else first, each bucket's min and max, last. */
    public List<SeriesPoint> points() {
        if (whole != null) {
            List<SeriesPoint> all = new ArrayList<>(whole);
            all.sort(BY_STEP); // stable: values logged at one step keep their order
            return all;
        }
        List<SeriesPoint> kept = new ArrayList<>(2 * buckets + 2);
        kept.add(first);
        for (int b = 0; b < buckets; b++) {
            if (Double.isNaN(minValue[b])) {
                continue; // no value fell in this bucket
            }
            SeriesPoint low = new SeriesPoint(minStep[b], minValue[b]);
            SeriesPoint high = new SeriesPoint(maxStep[b], maxValue[b]);
            addUnlessSame(kept, minStep[b] <= maxStep[b] ? low : high);
            addUnlessSame(kept, minStep[b] <= maxStep[b] ? high : low);
        }
        addUnlessSame(kept, last);
        kept.sort(BY_STEP);
        return kept;
    }

    /** Kept points arrive in step order, so a point kept twice (a bucket's only value, the first point) is the last one. */
    private static void addUnlessSame(List<SeriesPoint> kept, SeriesPoint p) {
        if (!kept.get(kept.size() - 1).equals(p)) {
            kept.add(p);
        }
    }
}
