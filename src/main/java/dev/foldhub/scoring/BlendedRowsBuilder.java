package dev.foldhub.scoring;

import java.util.Arrays;

/**
 * Collects a {@link BlendedRows}: each row's held positions once, in any order; per group sorted descending with their
 * truth. With {@code fills} below {@link Integer#MAX_VALUE} a group keeps every position above the bound and only the
 * first {@code fills} of the rest in that order: exactly the prefix of the full list that any rule with thresholds at or
 * above the bound and minLabels at most {@code fills} reads (its K_g never reaches past it). At fold thresholds of 0.2,
 * 6-7 % of the held positions are above the bound, so the lists are sorted and searched at a tenth of their length.
 */
final class BlendedRowsBuilder {

    private final int groups;
    private final int rows;
    private final double bound;
    private final int fills;
    private final int[] start;
    private final double[] rowMax;
    private final int[] labelCount;
    private double[] score;
    private int[] truthsBefore;
    private int size;
    private int row;
    /**
     * Per group, the row's scores: upTrues[g] holds the true ones above the bound (all of them when every position is
     * kept) from index {@code reserve} on, and before them, in [reserve - lowTrue[g], reserve), the highest {@code fills}
     * at or under the bound, ascending (as Arrays.sort orders them); reserve is fills, or 0 when every position is kept.
     * The same for the false ones.
     */
    private double[][] upTrues;
    private double[][] upFalses;
    private final int[] lowTrue;
    private final int[] lowFalse;
    private final int[] highTrue;
    private final int[] highFalse;

    /**
     * @param positions how many positions the rows will bring in all: with every position kept the arrays are that
     *                  size, never grown or trimmed; with fewer kept, the first capacity (grown as needed, then trimmed)
     * @param fills     positions at or under the bound kept a group and row (the highest), {@link Integer#MAX_VALUE}: all
     */
    BlendedRowsBuilder(int groups, int rows, double bound, int positions, int fills) {
        if (fills < 0) {
            throw new IllegalArgumentException("fills must be at least 0, got " + fills);
        }
        this.fills = fills;
        int capacity = fills == Integer.MAX_VALUE ? positions
                : (int) Math.min(positions, Math.max(1024, positions / 8 + (long) rows * groups * Math.min(fills, 4)));
        this.score = new double[capacity];
        this.truthsBefore = new int[capacity + 1];
        this.upTrues = new double[groups][16];
        this.upFalses = new double[groups][16];
        this.lowTrue = new int[groups];
        this.lowFalse = new int[groups];
        this.highTrue = new int[groups];
        this.highFalse = new int[groups];
        this.groups = groups;
        this.rows = rows;
        this.bound = bound;
        this.start = new int[rows * groups + 1];
        this.rowMax = new double[rows];
        this.labelCount = new int[rows];
    }

    /** The next row's n positions: scores s[i], truth[i] (0/1), group[i], and its number of true labels. */
    void addRow(double[] s, byte[] truth, byte[] group, int n, int labels) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        rowMax[row] = max;
        labelCount[row] = labels;
        if (size + n > score.length) {
            int capacity = Math.max(size + n, score.length + (score.length >> 1));
            score = Arrays.copyOf(score, capacity);
            truthsBefore = Arrays.copyOf(truthsBefore, capacity + 1);
        }
        addGroups(s, truth, group, n, fills == Integer.MAX_VALUE || n <= fills || hasNaN(s, n));
        row++;
        start[row * groups] = size;
    }

    /**
     * Each group's positions, from one scan of the row: both sides sorted, then merged descending, on equal scores the
     * false one first. Unless keepAll, only the positions above the bound and the first {@code fills} of the rest in
     * that order: each side's sorted list ends with its scores above the bound, led by its highest {@code fills} at or
     * under it (the tail of the whole side sorted, since every score at or under the bound is below every score above
     * it), and the merge stops after {@code fills} of those, before it could need one a side left out.
     */
    private void addGroups(double[] s, byte[] truth, byte[] group, int n, boolean keepAll) {
        int reserve = keepAll ? 0 : fills;
        if (upTrues[0].length < reserve + n) {
            for (int g = 0; g < groups; g++) {
                upTrues[g] = new double[reserve + n + (n >> 1)];
                upFalses[g] = new double[upTrues[g].length];
            }
        }
        Arrays.fill(lowTrue, 0);
        Arrays.fill(lowFalse, 0);
        Arrays.fill(highTrue, 0);
        Arrays.fill(highFalse, 0);
        for (int i = 0; i < n; i++) {
            int g = group[i];
            double v = s[i];
            if (keepAll || v > bound) {
                if (truth[i] != 0) {
                    upTrues[g][reserve + highTrue[g]++] = v;
                } else {
                    upFalses[g][reserve + highFalse[g]++] = v;
                }
            } else if (truth[i] != 0) {
                lowTrue[g] = keepHighest(upTrues[g], reserve, lowTrue[g], v);
            } else {
                lowFalse[g] = keepHighest(upFalses[g], reserve, lowFalse[g], v);
            }
        }
        for (int g = 0; g < groups; g++) {
            start[row * groups + g] = size;
            double[] t = upTrues[g];
            double[] f = upFalses[g];
            Arrays.sort(t, reserve, reserve + highTrue[g]);
            Arrays.sort(f, reserve, reserve + highFalse[g]);
            merge(t, reserve - lowTrue[g], reserve + highTrue[g], f, reserve - lowFalse[g], reserve + highFalse[g],
                    keepAll ? Integer.MAX_VALUE : highTrue[g] + highFalse[g] + fills);
        }
    }

    /**
     * The highest {@code fills} values seen, ascending in {@link Double#compare} order (Arrays.sort's), held in
     * a[fills - count, fills): value inserted, the lowest dropped when full. Returns the new count.
     */
    private static int keepHighest(double[] a, int fills, int count, double value) {
        int i;
        if (count < fills) {
            count++;
            System.arraycopy(a, fills - count + 1, a, fills - count, count - 1);
            i = fills - 1;
        } else if (fills > 0 && Double.compare(value, a[0]) > 0) {
            System.arraycopy(a, 1, a, 0, fills - 1);
            i = fills - 1;
        } else {
            return count;
        }
        int lowest = fills - count;
        while (i > lowest && Double.compare(a[i - 1], value) > 0) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = value;
        return count;
    }

    /**
     * Merges t[tLo, tHi) and f[fLo, fHi) (each ascending) from the top, descending, at most limit positions (addRow
     * made room for all of the row's); on equal scores the false one first.
     */
    private void merge(double[] t, int tLo, int tHi, double[] f, int fLo, int fHi, int limit) {
        for (int taken = 0; (tHi > tLo || fHi > fLo) && taken < limit; taken++) {
            boolean takeTrue = fHi == fLo || (tHi > tLo && t[tHi - 1] > f[fHi - 1]);
            score[size] = takeTrue ? t[--tHi] : f[--fHi];
            truthsBefore[size + 1] = truthsBefore[size] + (takeTrue ? 1 : 0);
            size++;
        }
    }

    private static boolean hasNaN(double[] s, int n) {
        for (int i = 0; i < n; i++) {
            if (s[i] != s[i]) {
                return true;
            }
        }
        return false;
    }

    BlendedRows build() {
        if (row != rows) {
            throw new IllegalStateException("expected " + rows + " rows, got " + row);
        }
        // why: sized exactly up front, so at iMet scale no second copy of hundreds of MB is made while building
        return new BlendedRows(groups, start, size == score.length ? score : Arrays.copyOf(score, size),
                size == score.length ? truthsBefore : Arrays.copyOf(truthsBefore, size + 1), rowMax, labelCount, bound);
    }
}
