package dev.foldhub.scoring;

import dev.foldhub.prediction.Float16;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link BlendEvaluator} row by row, so the dense M x N x C matrices need not all be in memory:
 * each row keeps only the classes where some model's centered value exceeds the margin, and optionally, in a
 * tier of fixed size a row, the {@code belowPerRow} positions under the margin with the highest max_m x_m
 * (above {@code belowMargin}), remembering the highest max_m x_m it dropped (the tier's floor); in the end the tier
 * holds only its positions above the floor ({@link #build}), so rows added once the floor rose may ignore the
 * positions under it ({@link #floor()}) and what is held does not depend on it. Which positions are
 * kept is decided on the values given; what is kept is each value rounded to float16 (see {@link BlendEvaluator}).
 * Rows are chosen in runs ({@link BlendRows}, each row on its own) and appended in order: rows added one at a time
 * gather in the builder's own run, and runs filled on other threads are appended with {@link #addRows}.
 */
public final class BlendEvaluatorBuilder {

    /** Rows added one at a time gather in a run of this many before they are appended. */
    private static final int RUN_ROWS = 1024;

    private final int models;
    private final int classes;
    private final byte[] classGroup;
    private final int groups;
    private final float margin;
    private final float belowMargin;
    private final int belowPerRow;
    /** The run that rows added one at a time go to. */
    private final BlendRows current;
    private float belowFloor;
    private int belowCount;
    private long belowOffered;
    private int[] belowStart = new int[1025];
    private short[][] belowValues;
    private byte[] belowTruth = new byte[0];
    private byte[] belowGroup = new byte[0];

    private int rows;
    private int candidates;
    private int[] rowStart = new int[1025];
    private int[] labelCount = new int[1024];
    private short[][] values;
    private byte[] truth = new byte[4096];
    private byte[] group = new byte[4096];

    /**
     * @param labelGroup per class its group (0..groups-1, at most 127), e.g. 0 = culture, 1 = tag; null = one group
     * @param margin     0 for thresholds >= 0; a negative margin also admits thresholds down to margin * sum(w), at the cost of more candidates
     */
    public BlendEvaluatorBuilder(int models, int classes, int[] labelGroup, float margin) {
        this(models, classes, labelGroup, margin, margin, 0);
    }

    /**
     * @param belowMargin positions whose max_m x_m is at most this are never kept (<= margin)
     * @param belowPerRow the most positions in (belowMargin, margin] kept a row; 0 = no tier under the margin
     */
    public BlendEvaluatorBuilder(int models, int classes, int[] labelGroup, float margin, float belowMargin,
                                 int belowPerRow) {
        if (models < 1 || classes < 1) {
            throw new IllegalArgumentException("need at least one model and one class");
        }
        if (!(margin <= 0)) {
            throw new IllegalArgumentException("margin must be <= 0, got " + margin);
        }
        this.models = models;
        this.classes = classes;
        // why: margins a float16 value, so "every x_m <= margin" survives rounding the values (rounding is monotone)
        this.margin = halfAtMost(margin);
        this.classGroup = new byte[classes];
        int max = 0;
        if (labelGroup != null) {
            if (labelGroup.length != classes) {
                throw new IllegalArgumentException("expected " + classes + " label groups, got " + labelGroup.length);
            }
            for (int c = 0; c < classes; c++) {
                if (labelGroup[c] < 0 || labelGroup[c] > Byte.MAX_VALUE) {
                    throw new IllegalArgumentException("label group of class " + c + " out of range: " + labelGroup[c]);
                }
                classGroup[c] = (byte) labelGroup[c];
                max = Math.max(max, labelGroup[c]);
            }
        }
        this.groups = max + 1;
        this.values = new short[models][4096];
        if (!(belowMargin <= margin) || belowPerRow < 0) {
            throw new IllegalArgumentException("need belowMargin <= margin and belowPerRow >= 0, got " + belowMargin
                    + " and " + belowPerRow);
        }
        this.belowMargin = halfAtMost(belowMargin);
        this.belowPerRow = belowPerRow;
        this.belowFloor = this.belowMargin;
        this.belowValues = new short[models][0];
        this.current = newRows();
    }

    /** The evaluator of dense row-major N x C centered matrices, one per model, with thresholds >= 0 exact. */
    public static BlendEvaluator of(List<float[]> centered, int[][] labels, int classes, int[] labelGroup) {
        return of(centered, labels, classes, labelGroup, 0f);
    }

    public static BlendEvaluator of(List<float[]> centered, int[][] labels, int classes, int[] labelGroup, float margin) {
        return of(centered, labels, classes, labelGroup, margin, margin, 0);
    }

    /** As above with a tier of at most belowPerRow positions a row in (belowMargin, margin]. */
    public static BlendEvaluator of(List<float[]> centered, int[][] labels, int classes, int[] labelGroup, float margin,
                                    float belowMargin, int belowPerRow) {
        float[][] matrices = centered.toArray(new float[0][]);
        for (float[] matrix : matrices) {
            F2Score.checkShape(matrix, labels.length, classes);
        }
        BlendEvaluatorBuilder builder = new BlendEvaluatorBuilder(matrices.length, classes, labelGroup, margin,
                belowMargin, belowPerRow);
        for (int r = 0; r < labels.length; r++) {
            builder.addRow(matrices, r * classes, labels[r]);
        }
        return builder.build();
    }

    /**
     * Adds the next row: model m's centered value of class c is {@code centered[m][offset + c]}.
     *
     * @param rowLabels the row's true class indices, without duplicates
     */
    public BlendEvaluatorBuilder addRow(float[][] centered, int offset, int[] rowLabels) {
        checkOpen();
        current.addRow(centered, offset, rowLabels);
        flushIfFull();
        return this;
    }

    /** As {@link BlendRows#addRow(float[][], int[], int, int[])}: the next row from the classes listed only. */
    public BlendEvaluatorBuilder addRow(float[][] centered, int[] listed, int count, int[] rowLabels) {
        checkOpen();
        current.addRow(centered, listed, count, rowLabels);
        flushIfFull();
        return this;
    }

    /** A position whose every centered value is at most this (none NaN) is never kept, nor counted: a loader may skip it. */
    public float ignoredAtMost() {
        return belowPerRow > 0 ? belowMargin : margin;
    }

    /**
     * The tier's floor so far: the highest max_m x_m dropped from a row's tier in the rows appended; it starts at
     * {@link #ignoredAtMost()} and only rises (the margin without a tier). No position whose every centered value is at
     * most this is held in the end ({@link #build}), so runs may ignore them ({@link BlendRows#clear(float)}) and a
     * loader skip them.
     */
    public float floor() {
        return belowPerRow > 0 ? belowFloor : margin;
    }

    /** An empty run of rows that choose their positions as this builder's do, to fill (on any one thread) and append. */
    public BlendRows newRows() {
        return new BlendRows(models, classes, classGroup, margin, belowMargin, belowPerRow);
    }

    /** Appends a run's rows after those added so far (the run is left as it is, to be cleared and filled again). */
    public BlendEvaluatorBuilder addRows(BlendRows run) {
        checkOpen();
        if (run == current) {
            throw new IllegalArgumentException("the builder's own run");
        }
        append(current);
        append(run);
        current.clear(belowFloor);
        return this;
    }

    private void checkOpen() {
        if (values == null) {
            throw new IllegalStateException("build() was already called");
        }
    }

    private void flushIfFull() {
        if (current.rows >= RUN_ROWS) {
            append(current);
            current.clear(belowFloor);
        }
    }

    /** The run's positions after the rows so far; its floor and offered count join the builder's. */
    private void append(BlendRows run) {
        int n = run.rows;
        if (n == 0) {
            return;
        }
        if (rows + n > labelCount.length) {
            int capacity = Math.max(rows + n, labelCount.length * 2);
            labelCount = Arrays.copyOf(labelCount, capacity);
            rowStart = Arrays.copyOf(rowStart, capacity + 1);
            belowStart = Arrays.copyOf(belowStart, capacity + 1);
        }
        for (int i = 0; i < n; i++) {
            labelCount[rows + i] = run.labelCount[i];
            rowStart[rows + i + 1] = candidates + run.rowEnd[i];
            belowStart[rows + i + 1] = belowCount + run.belowEnd[i];
        }
        ensureCapacity(candidates + run.candidates);
        for (int m = 0; m < models; m++) {
            System.arraycopy(run.values[m], 0, values[m], candidates, run.candidates);
        }
        System.arraycopy(run.truth, 0, truth, candidates, run.candidates);
        System.arraycopy(run.group, 0, group, candidates, run.candidates);
        candidates += run.candidates;
        if (belowPerRow > 0) {
            int needed = belowCount + run.belowCount;
            if (needed > belowTruth.length) {
                int capacity = Math.max(needed, Math.max(4096, belowTruth.length + (belowTruth.length >> 1)));
                belowTruth = Arrays.copyOf(belowTruth, capacity);
                belowGroup = Arrays.copyOf(belowGroup, capacity);
                for (int m = 0; m < models; m++) {
                    belowValues[m] = Arrays.copyOf(belowValues[m], capacity);
                }
            }
            for (int m = 0; m < models; m++) {
                System.arraycopy(run.belowValues[m], 0, belowValues[m], belowCount, run.belowCount);
            }
            System.arraycopy(run.belowTruth, 0, belowTruth, belowCount, run.belowCount);
            System.arraycopy(run.belowGroup, 0, belowGroup, belowCount, run.belowCount);
            belowCount += run.belowCount;
            belowOffered += run.belowOffered;
            belowFloor = Math.max(belowFloor, run.belowFloor);
        }
        rows += n;
    }

    /**
     * The evaluator of the rows added; once only: each array is trimmed and the builder's own copy dropped
     * before the next, so building needs one array's worth of heap beyond the evaluator, not a second evaluator.
     */
    public BlendEvaluator build() {
        checkOpen();
        append(current);
        current.clear();
        short[][] trimmed = new short[models][];
        for (int m = 0; m < models; m++) {
            trimmed[m] = Arrays.copyOf(values[m], candidates);
            values[m] = null;
        }
        values = null;
        BlendEvaluator.Below below = null;
        if (belowPerRow > 0) {
            // rounding is monotone: every dropped x_m <= floor has its float16 <= the floor's float16
            float floor = toHalfPrecision(belowFloor);
            int kept = keepAboveFloor(floor);
            short[][] belowTrimmed = new short[models][];
            for (int m = 0; m < models; m++) {
                belowTrimmed[m] = Arrays.copyOf(belowValues[m], kept);
                belowValues[m] = null;
            }
            below = new BlendEvaluator.Below(belowPerRow, floor, belowOffered, Arrays.copyOf(belowStart, rows + 1),
                    belowTrimmed, Arrays.copyOf(belowTruth, kept), Arrays.copyOf(belowGroup, kept));
        }
        return new BlendEvaluator(models, classes, groups, margin, Arrays.copyOf(rowStart, rows + 1), trimmed,
                Arrays.copyOf(truth, candidates), Arrays.copyOf(group, candidates), Arrays.copyOf(labelCount, rows), below);
    }

    /**
     * Drops, in place, the tier's positions whose every value is at most the floor (float16): rows whose tier was not
     * full kept them, and rows added after the floor rose ignored them ({@link BlendRows#clear(float)}), so what is held
     * does not depend on when the floor rose. Such a position has s <= floor x sum(w), as every position not held, and
     * no threshold the evaluator scores exactly (>= floor x sum(w)) predicts it. Returns the positions kept.
     */
    private int keepAboveFloor(float floor) {
        int kept = 0;
        int from = 0;
        for (int r = 0; r < rows; r++) {
            int to = belowStart[r + 1];
            for (int i = from; i < to; i++) {
                boolean above = false;
                for (int m = 0; m < models && !above; m++) {
                    above = Float16.toFloat(belowValues[m][i]) > floor; // NaN: never kept under the margin
                }
                if (above) {
                    for (int m = 0; m < models; m++) {
                        belowValues[m][kept] = belowValues[m][i];
                    }
                    belowTruth[kept] = belowTruth[i];
                    belowGroup[kept] = belowGroup[i];
                    kept++;
                }
            }
            from = to;
            belowStart[r + 1] = kept;
        }
        return kept;
    }

    /** x rounded to the nearest float16, as a float. */
    static float toHalfPrecision(float x) {
        return Float16.toFloat(Float16.fromFloat(x));
    }

    /** The highest float16 value <= x (for x <= 0: one step further from 0 when rounding went up). */
    static float halfAtMost(float x) {
        short h = Float16.fromFloat(x);
        if (Float16.toFloat(h) <= x) {
            return Float16.toFloat(h);
        }
        return Float16.toFloat((short) (x < 0 || h < 0 ? h + 1 : h - 1)); // sign-magnitude bits: +1 = more negative
    }

    private void ensureCapacity(int needed) {
        if (needed > truth.length) {
            int capacity = Math.max(needed, truth.length + (truth.length >> 1));
            truth = Arrays.copyOf(truth, capacity);
            group = Arrays.copyOf(group, capacity);
            for (int m = 0; m < models; m++) {
                values[m] = Arrays.copyOf(values[m], capacity);
            }
        }
    }
}
