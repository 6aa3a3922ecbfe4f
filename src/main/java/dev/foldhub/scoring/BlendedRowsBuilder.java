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
    private double[] trues = new double[16];
    private double[] falses = new double[16];
    /** The highest {@code fills} true and false scores at or under the bound, ascending (as Arrays.sort orders them). */
    private final double[] lowTrues;
    private final double[] lowFalses;

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
        this.lowTrues = new double[fills == Integer.MAX_VALUE ? 0 : fills];
        this.lowFalses = new double[lowTrues.length];
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
        if (n > trues.length) {
            trues = new double[Math.max(n, 2 * trues.length)];
            falses = new double[trues.length];
        }
        boolean all = fills == Integer.MAX_VALUE || n <= fills || hasNaN(s, n);
        for (int g = 0; g < groups; g++) {
            start[row * groups + g] = size;
            if (all) {
                addGroup(s, truth, group, n, g);
            } else {
                addGroupAboveBound(s, truth, group, n, g);
            }
        }
        row++;
        start[row * groups] = size;
    }

    /** Every position of group g: both sides sorted, then merged descending, on equal scores the false one first. */
    private void addGroup(double[] s, byte[] truth, byte[] group, int n, int g) {
        int t = 0;
        int f = 0;
        for (int i = 0; i < n; i++) {
            if (group[i] == g) {
                if (truth[i] != 0) {
                    trues[t++] = s[i];
                } else {
                    falses[f++] = s[i];
                }
            }
        }
        Arrays.sort(trues, 0, t);
        Arrays.sort(falses, 0, f);
        merge(t, f, Integer.MAX_VALUE);
    }

    /**
     * Group g's positions above the bound and the first {@code fills} of the rest, as {@link #addGroup} orders them: each
     * side's sorted list ends with its scores above the bound, led by its highest {@code fills} at or under it (the tail
     * of the whole side sorted, since every score at or under the bound is below every score above it), and the merge
     * stops after {@code fills} of those, before it could need one a side left out.
     */
    private void addGroupAboveBound(double[] s, byte[] truth, byte[] group, int n, int g) {
        int lowT = 0;
        int lowF = 0;
        for (int i = 0; i < n; i++) {
            if (group[i] == g && !(s[i] > bound)) {
                if (truth[i] != 0) {
                    lowT = keepHighest(lowTrues, lowT, s[i]);
                } else {
                    lowF = keepHighest(lowFalses, lowF, s[i]);
                }
            }
        }
        System.arraycopy(lowTrues, 0, trues, 0, lowT);
        System.arraycopy(lowFalses, 0, falses, 0, lowF);
        int t = lowT;
        int f = lowF;
        for (int i = 0; i < n; i++) {
            if (group[i] == g && s[i] > bound) {
                if (truth[i] != 0) {
                    trues[t++] = s[i];
                } else {
                    falses[f++] = s[i];
                }
            }
        }
        Arrays.sort(trues, lowT, t);
        Arrays.sort(falses, lowF, f);
        merge(t, f, (t - lowT) + (f - lowF) + fills);
    }

    /**
     * The highest {@code low.length} values seen, ascending in {@link Double#compare} order (Arrays.sort's): value
     * inserted into low[0, count), the lowest dropped when full. Returns the new count.
     */
    private static int keepHighest(double[] low, int count, double value) {
        int i;
        if (count < low.length) {
            i = count++;
        } else if (low.length > 0 && Double.compare(value, low[0]) > 0) {
            System.arraycopy(low, 1, low, 0, count - 1);
            i = count - 1;
        } else {
            return count;
        }
        while (i > 0 && Double.compare(low[i - 1], value) > 0) {
            low[i] = low[i - 1];
            i--;
        }
        low[i] = value;
        return count;
    }

    /**
     * Merges trues[0, t) and falses[0, f) (each ascending) from the top, descending, at most limit positions (addRow made
     * room for all of the row's).
     */
    private void merge(int t, int f, int limit) {
        for (int taken = 0; (t > 0 || f > 0) && taken < limit; taken++) {
            // on equal scores the false one first
            boolean takeTrue = f == 0 || (t > 0 && trues[t - 1] > falses[f - 1]);
            score[size] = takeTrue ? trues[--t] : falses[--f];
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
