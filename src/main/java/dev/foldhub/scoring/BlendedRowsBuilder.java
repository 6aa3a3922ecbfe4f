package dev.foldhub.scoring;

import java.util.Arrays;

/** Collects a {@link BlendedRows}: each row's held positions once, in any order; per group sorted descending with their truth. */
final class BlendedRowsBuilder {

    private final int groups;
    private final int rows;
    private final double bound;
    private final int[] start;
    private final double[] rowMax;
    private final int[] labelCount;
    private double[] score;
    private int[] truthsBefore;
    private int size;
    private int row;
    private double[] trues = new double[16];
    private double[] falses = new double[16];

    /** @param positions how many positions the rows will bring in all: the arrays are that size, never grown or trimmed */
    BlendedRowsBuilder(int groups, int rows, double bound, int positions) {
        this.score = new double[positions];
        this.truthsBefore = new int[positions + 1];
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
        for (int g = 0; g < groups; g++) {
            start[row * groups + g] = size;
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
            // merge descending; on equal scores the false one first
            while (t > 0 || f > 0) {
                boolean takeTrue = f == 0 || (t > 0 && trues[t - 1] > falses[f - 1]);
                score[size] = takeTrue ? trues[--t] : falses[--f];
                truthsBefore[size + 1] = truthsBefore[size] + (takeTrue ? 1 : 0);
                size++;
            }
        }
        row++;
        start[row * groups] = size;
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
