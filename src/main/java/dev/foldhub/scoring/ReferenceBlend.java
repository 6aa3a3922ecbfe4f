package dev.foldhub.scoring;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One weight vector's blend (the reference w0) kept position by position, so that the F2 of a nearby vector w costs a
 * visit of the positions it could decide differently instead of a pass over every candidate:
 * |s(w) - s(w0)| <= sum_m |w_m - w0_m| |x_m| <= delta max_m |x_m|, with delta = sum_m |w_m - w0_m|, so a position
 * with |s(w0) - t| > delta max_m |x_m| keeps its decision. The positions are held in buckets of their key
 * |s(w0) - t| / max_m |x_m| (a lower bound of it), nearest first, at most a fixed number of them: a vector farther than
 * {@link #reach()} is not scored here ({@link #f2} gives NaN) and the caller scores it in a pass.
 *
 * <p>Its F2 is {@link BlendEvaluator#f2Excluding}'s to the last bit: the same double decision s > t a position (the
 * blend in double, in model order), the same row F2s ({@link F2Score#rowF2ByCounts}), summed in the same order (row by
 * row within each of the evaluator's segments, then the segments in order). One search's rows: those outside its
 * excluded part. Not thread-safe (one search asks at a time); the scratch is per thread.
 */
public final class ReferenceBlend {

    /** Four buckets an octave of the key: the float bits of a nonnegative key, shifted, are monotone in it. */
    private static final int BUCKET_SHIFT = 21;
    private static final int BUCKETS = (0x7f800000 >>> BUCKET_SHIFT) + 1;
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    private final double[] reference;
    private final double referenceSum;
    private final double threshold;
    private final float margin;
    private final double f2;
    private final int[] labelCount;
    private final int[] segmentRow;
    /**
     * Stored positions [0, kept), nearest bucket first: candidate index | 1 << 31 where w0 predicts it | 1 << 30 for a
     * true label (the arrays may be longer: taken over from a replaced reference).
     */
    private final int[] stored;
    private final int kept;
    private final int[] storedRow;
    /** storedValues[m][k]: model m's value at stored position k, float16 bits (read in order, not gathered). */
    private final short[][] storedValues;
    /** Non-empty bucket i holds stored positions [bucketEnd[i - 1], bucketEnd[i]) and keys >= bucketLow[i]. */
    private final float[] bucketLow;
    private final int[] bucketEnd;
    private final double reach;
    private final int candidates;
    /** The reference's row F2s, 0 for excluded rows, and its counts tp << 16 | predicted a row. */
    private final double[] rowF2;
    private final int[] counts;
    private final int includedRows;
    private int lastVisited;

    /**
     * The per-thread arrays of one scoring: the change of each touched row's counts, the mark of the rows touched by this
     * scoring, the list of them and their saved row F2s, the blends and the flipped positions.
     */
    private static final class Scratch {
        final int[] change;
        final int[] mark;
        final int[] touched;
        final double[] saved;
        private int generation;
        private double[] blend = new double[0];
        private int[] flips = new int[0];

        Scratch(int rows) {
            change = new int[rows];
            mark = new int[rows];
            touched = new int[rows];
            saved = new double[rows];
        }

        /** A mark no row holds yet (the marks are cleared when the count wraps around). */
        int nextGeneration() {
            if (++generation == 0) {
                Arrays.fill(mark, 0);
                generation = 1;
            }
            return generation;
        }

        /** A buffer of at least n + 1 positions (the branch-free listing writes one past what it keeps). */
        int[] flips(int n) {
            if (flips.length < n + 1) {
                flips = new int[Math.max(n + 1, flips.length * 2)];
            }
            return flips;
        }

        /** A buffer of at least n blends. */
        double[] blend(int n) {
            if (blend.length < n) {
                blend = new double[Math.max(n, blend.length * 2)];
            }
            return blend;
        }
    }

    /**
     * code[i] = bucket << 1 | hit at candidate i: the bucket ({@link #bucket}) of a key <= |s(w0) - t| / max_m |x_m| (0
     * where that is not known to be positive), hit the double decision s(w0) > t. Rows outside excludedPart (-1: all)
     * only; maxStored positions at most. Counted and placed a segment at a time, the segments side by side. The arrays
     * of replaced (null: none), a reference of the same evaluator no longer used, are written over where they are large
     * enough.
     */
    ReferenceBlend(double[] reference, double threshold, float margin, int excludedPart, int[] partOfRow,
                   short[][] values, byte[] truth, int[] rowStart, int[] labelCount, int[] segmentRow, short[] code,
                   int maxStored, ReferenceBlend replaced) {
        this.reference = reference.clone();
        double sum = 0;
        for (double w : reference) {
            sum += w;
        }
        this.referenceSum = sum;
        this.threshold = threshold;
        this.margin = margin;
        this.labelCount = labelCount;
        this.segmentRow = segmentRow;
        int rows = labelCount.length;
        this.candidates = rowStart[rows];
        boolean reuse = replaced != null && replaced.labelCount == labelCount;
        this.rowF2 = reuse ? replaced.rowF2 : new double[rows];
        this.counts = reuse ? replaced.counts : new int[rows];
        int segments = segmentRow.length - 1;
        int[][] perBucket = new int[segments][BUCKETS];
        int[] includedOf = new int[segments];
        IntStream.range(0, segments).parallel().forEach(g -> {
            int[] histogram = perBucket[g];
            for (int r = segmentRow[g]; r < segmentRow[g + 1]; r++) {
                if (excludedPart >= 0 && partOfRow[r] == excludedPart) {
                    counts[r] = 0;
                    rowF2[r] = 0;
                    continue;
                }
                includedOf[g]++;
                int tp = 0;
                int predicted = 0;
                for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
                    int hit = code[i] & 1;
                    predicted += hit;
                    tp += hit & truth[i];
                    histogram[code[i] >>> 1]++;
                }
                counts[r] = tp << 16 | predicted;
                rowF2[r] = F2Score.rowF2ByCounts(tp, predicted, labelCount[r]);
            }
        });
        this.includedRows = IntStream.of(includedOf).sum();
        int[] total = new int[BUCKETS];
        for (int[] histogram : perBucket) {
            for (int b = 0; b < BUCKETS; b++) {
                total[b] += histogram[b];
            }
        }
        // the nearest buckets that fit maxStored
        int last = -1;
        int kept = 0;
        int nonEmpty = 0;
        while (last + 1 < BUCKETS && kept + total[last + 1] <= maxStored) {
            last++;
            kept += total[last];
            nonEmpty += total[last] > 0 ? 1 : 0;
        }
        this.reach = last + 1 < BUCKETS ? Float.intBitsToFloat((last + 1) << BUCKET_SHIFT) : Double.POSITIVE_INFINITY;
        int models = values.length;
        boolean fits = reuse && replaced.stored.length >= kept && replaced.storedValues.length == models;
        this.kept = kept;
        this.stored = fits ? replaced.stored : new int[kept];
        this.storedRow = fits ? replaced.storedRow : new int[kept];
        this.storedValues = fits ? replaced.storedValues : new short[models][kept];
        this.bucketLow = new float[nonEmpty];
        this.bucketEnd = new int[nonEmpty];
        int[][] at = new int[segments][last + 1]; // where segment g places its next position of bucket b
        for (int b = 0, position = 0, i = 0; b <= last; b++) {
            if (total[b] > 0) {
                bucketLow[i] = Float.intBitsToFloat(b << BUCKET_SHIFT);
                bucketEnd[i++] = position + total[b];
            }
            for (int g = 0; g < segments; g++) {
                at[g][b] = position;
                position += perBucket[g][b];
            }
        }
        int highest = last;
        IntStream.range(0, segments).parallel().forEach(g -> {
            int[] next = at[g];
            for (int r = segmentRow[g]; r < segmentRow[g + 1]; r++) {
                if (excludedPart >= 0 && partOfRow[r] == excludedPart) {
                    continue;
                }
                for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
                    int b = code[i] >>> 1;
                    if (b <= highest) {
                        int k = next[b]++;
                        stored[k] = i | (code[i] & 1) << 31 | truth[i] << 30;
                        storedRow[k] = r;
                        for (int m = 0; m < models; m++) {
                            storedValues[m][k] = values[m][i];
                        }
                    }
                }
            }
        });
        this.f2 = includedRows == 0 ? 0 : rowF2Sum() / includedRows;
    }

    /** The bucket of a key >= 0 (+0 to +infinity: 0 to 1020). */
    static int bucket(float key) {
        return Float.floatToRawIntBits(key) >>> BUCKET_SHIFT; // key >= 0: +0 to +infinity
    }

    /** The reference weights. */
    public double[] weights() {
        return reference.clone();
    }

    /** The reference's own F2 (f2Excluding's for its weights). */
    public double f2() {
        return f2;
    }

    /** Vectors with sum_m |w_m - w0_m| (with a little slack for rounding) below this are scored here. */
    public double reach() {
        return reach;
    }

    /** The positions held. */
    public int stored() {
        return kept;
    }

    /** The share of all candidates the last {@link #f2} call visited (1 when it did not score the vector). */
    public double lastVisitedShare() {
        return candidates == 0 ? 0 : lastVisited / (double) candidates;
    }

    /**
     * The F2 of w over this search's rows, as f2Excluding gives it; NaN when w is out of reach or the candidates alone
     * do not score it (a threshold below margin * sum(w)): score it in a pass then.
     */
    public double f2(double[] w) {
        if (w.length != reference.length) {
            throw new IllegalArgumentException("expected " + reference.length + " weights, got " + w.length);
        }
        double delta = 0;
        double sum = 0;
        double bound = 0;
        for (int m = 0; m < w.length; m++) {
            if (!(w[m] >= 0) || Double.isInfinite(w[m])) {
                throw new IllegalArgumentException("weights must be finite and nonnegative, got " + w[m]);
            }
            delta += Math.abs(w[m] - reference[m]);
            sum += w[m];
            bound += w[m] * margin;
        }
        // why: 2^-10 covers the float rounding of the keys, 2^-40 (sum w + sum w0) the double rounding of both blends
        double needed = delta * (1 + 0x1p-10) + 0x1p-40 * (sum + referenceSum);
        lastVisited = candidates;
        if (!(needed < reach) || !(threshold >= bound)) {
            return Double.NaN;
        }
        Scratch scratch = scratch(counts.length);
        int[] change = scratch.change;
        int[] mark = scratch.mark;
        int[] touched = scratch.touched;
        int generation = scratch.nextGeneration();
        int touchedRows = 0;
        float[] half = BlendEvaluator.HALF;
        int models = w.length;
        int end = 0;
        for (int b = 0; b < bucketLow.length && bucketLow[b] <= needed; b++) {
            end = bucketEnd[b];
        }
        double[] s = scratch.blend(end);
        // s = sum_m w_m x_m in double, in model order as the kernels blend: a loop a model, iterations independent
        short[] x0 = storedValues[0];
        double w0 = w[0];
        for (int k = 0; k < end; k++) {
            s[k] = w0 * half[x0[k] & 0xffff];
        }
        for (int m = 1; m < models; m++) {
            short[] xm = storedValues[m];
            double wm = w[m];
            for (int k = 0; k < end; k++) {
                s[k] += wm * half[xm[k] & 0xffff];
            }
        }
        // the flips, listed branch-free (most visited positions keep their decision), then their rows' counts changed
        int[] flips = scratch.flips(end);
        int flipped = 0;
        for (int k = 0; k < end; k++) {
            flips[flipped] = k;
            flipped += (s[k] > threshold ? 1 : 0) ^ (stored[k] >>> 31);
        }
        for (int j = 0; j < flipped; j++) {
            int k = flips[j];
            int c = stored[k];
            int r = storedRow[k];
            if (mark[r] != generation) {
                mark[r] = generation;
                change[r] = 0;
                touched[touchedRows++] = r;
            }
            int step = 1 + ((c >>> 30 & 1) << 16); // predicted + 2^16 tp
            change[r] += c < 0 ? -step : step;
        }
        lastVisited = end;
        double[] saved = scratch.saved;
        for (int j = 0; j < touchedRows; j++) {
            int r = touched[j];
            saved[j] = rowF2[r];
            int now = counts[r] + change[r];
            rowF2[r] = F2Score.rowF2ByCounts(now >>> 16, now & 0xffff, labelCount[r]);
        }
        double result = includedRows == 0 ? 0 : rowF2Sum() / includedRows;
        for (int j = 0; j < touchedRows; j++) {
            rowF2[touched[j]] = saved[j];
        }
        return result;
    }

    /**
     * The row F2s summed row by row within each segment, then the segments in order, as the evaluator sums them; four
     * segments side by side (four independent chains of additions, each in its own order).
     */
    private double rowF2Sum() {
        int segments = segmentRow.length - 1;
        double[] part = new double[segments];
        int i = 0;
        for (; i + 4 <= segments; i += 4) {
            int a = segmentRow[i];
            int b = segmentRow[i + 1];
            int c = segmentRow[i + 2];
            int d = segmentRow[i + 3];
            int common = Math.min(Math.min(b - a, c - b), Math.min(d - c, segmentRow[i + 4] - d));
            double pa = 0;
            double pb = 0;
            double pc = 0;
            double pd = 0;
            for (int j = 0; j < common; j++) {
                pa += rowF2[a + j];
                pb += rowF2[b + j];
                pc += rowF2[c + j];
                pd += rowF2[d + j];
            }
            part[i] = finish(pa, a + common, b);
            part[i + 1] = finish(pb, b + common, c);
            part[i + 2] = finish(pc, c + common, d);
            part[i + 3] = finish(pd, d + common, segmentRow[i + 4]);
        }
        for (; i < segments; i++) {
            part[i] = finish(0, segmentRow[i], segmentRow[i + 1]);
        }
        double total = 0;
        for (double p : part) {
            total += p;
        }
        return total;
    }

    /** sum, then rows [from, to) added to it one by one. */
    private double finish(double sum, int from, int to) {
        for (int r = from; r < to; r++) {
            sum += rowF2[r];
        }
        return sum;
    }

    private static Scratch scratch(int rows) {
        Scratch scratch = SCRATCH.get();
        if (scratch == null || scratch.change.length < rows) {
            scratch = new Scratch(rows);
            SCRATCH.set(scratch);
        }
        return scratch;
    }
}
