package dev.foldhub.scoring;

import dev.foldhub.prediction.Float16;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link BlendEvaluator} row by row, so the dense M x N x C matrices need not all be in memory:
 * each row keeps only the classes where some model's centered value exceeds the margin, and optionally, in a
 * tier of fixed size a row, the {@code belowPerRow} positions under the margin with the highest max_m x_m
 * (above {@code belowMargin}), remembering the highest max_m x_m it dropped (the tier's floor). Which positions are
 * kept is decided on the values given; what is kept is each value rounded to float16 (see {@link BlendEvaluator}).
 */
public final class BlendEvaluatorBuilder {

    private final int models;
    private final int classes;
    private final byte[] classGroup;
    private final int groups;
    private final float margin;
    private final int[] labelStamp;
    private final float belowMargin;
    private final int belowPerRow;
    /** The row's positions offered under the margin, in class order: key = max_m x_m, offeredCount entries. */
    private final float[] offeredKey;
    /** The row being added: max_m x_m of each class. */
    private final float[] classMax;
    private final int[] offeredClass;
    private int offeredCount;
    /** The offered keys reordered while the row's cut is selected. */
    private final float[] selection;
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
        this.labelStamp = new int[classes];
        Arrays.fill(labelStamp, -1);
        this.classMax = new float[classes];
        this.values = new short[models][4096];
        if (!(belowMargin <= margin) || belowPerRow < 0) {
            throw new IllegalArgumentException("need belowMargin <= margin and belowPerRow >= 0, got " + belowMargin
                    + " and " + belowPerRow);
        }
        this.belowMargin = halfAtMost(belowMargin);
        this.belowPerRow = belowPerRow;
        this.belowFloor = this.belowMargin;
        this.offeredKey = new float[belowPerRow > 0 ? classes : 0];
        this.offeredClass = new int[belowPerRow > 0 ? classes : 0];
        this.selection = new float[belowPerRow > 0 ? classes : 0];
        this.belowValues = new short[models][0];
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
        beginRow(centered, rowLabels);
        maxOverModels(centered, offset, classMax);
        for (int c = 0; c < classes; c++) {
            addClass(centered, offset, c, classMax[c]);
        }
        return endRow(centered, offset, rowLabels);
    }

    /**
     * Adds the next row from the classes listed[0..count) only, ascending, with model m's centered value of class c in
     * {@code centered[m][c]}: every class not listed must have all its centered values at most {@link #ignoredAtMost()}
     * (none NaN), which {@link #addRow(float[][], int, int[])} would skip; the evaluator is then the same.
     */
    public BlendEvaluatorBuilder addRow(float[][] centered, int[] listed, int count, int[] rowLabels) {
        beginRow(centered, rowLabels);
        for (int j = 0; j < count; j++) {
            int c = listed[j];
            float key = centered[0][c];
            for (int m = 1; m < models; m++) {
                key = Math.max(key, centered[m][c]); // in model order, as maxOverModels
            }
            addClass(centered, 0, c, key);
        }
        return endRow(centered, 0, rowLabels);
    }

    /** A position whose every centered value is at most this (none NaN) is never kept, nor counted: a loader may skip it. */
    public float ignoredAtMost() {
        return belowPerRow > 0 ? belowMargin : margin;
    }

    private void beginRow(float[][] centered, int[] rowLabels) {
        if (values == null) {
            throw new IllegalStateException("build() was already called");
        }
        if (centered.length != models) {
            throw new IllegalArgumentException("expected " + models + " models, got " + centered.length);
        }
        for (int label : rowLabels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
            labelStamp[label] = rows;
        }
        offeredCount = 0;
    }

    /** Class c of the row (key = max_m x_m): a candidate above the margin, else offered to the tier under it. */
    private void addClass(float[][] centered, int offset, int c, float key) {
        boolean candidate = key > margin;
        if (key != key) { // a NaN value: a candidate, as ever, when any model is above the margin
            for (int m = 0; m < models && !candidate; m++) {
                candidate = centered[m][offset + c] > margin;
            }
        }
        if (!candidate) {
            if (belowPerRow > 0) {
                offerBelow(key, c);
            }
        } else {
            ensureCapacity(candidates + 1);
            for (int m = 0; m < models; m++) {
                values[m][candidates] = Float16.fromFloat(centered[m][offset + c]);
            }
            truth[candidates] = (byte) (labelStamp[c] == rows ? 1 : 0);
            group[candidates] = classGroup[c];
            candidates++;
        }
    }

    private BlendEvaluatorBuilder endRow(float[][] centered, int offset, int[] rowLabels) {
        if (rows == labelCount.length) {
            labelCount = Arrays.copyOf(labelCount, rows * 2);
            rowStart = Arrays.copyOf(rowStart, rows * 2 + 1);
        }
        if (belowPerRow > 0) {
            keepBelow(centered, offset);
        }
        labelCount[rows] = rowLabels.length;
        rows++;
        rowStart[rows] = candidates;
        if (rows == belowStart.length) {
            belowStart = Arrays.copyOf(belowStart, rows * 2 + 1);
        }
        belowStart[rows] = belowCount;
        return this;
    }

    /**
     * key[c] = max_m centered[m][offset + c] (Math.max in model order: NaN if any value is): one loop a model, which the
     * JIT vectorizes when offset is 0 (as the loader adds rows), instead of seven strided reads a class.
     */
    private static void maxOverModels(float[][] centered, int offset, float[] key) {
        int classes = key.length;
        if (offset == 0) {
            System.arraycopy(centered[0], 0, key, 0, classes);
            for (int m = 1; m < centered.length; m++) {
                float[] x = centered[m];
                for (int c = 0; c < classes; c++) {
                    key[c] = Math.max(key[c], x[c]);
                }
            }
            return;
        }
        System.arraycopy(centered[0], offset, key, 0, classes);
        for (int m = 1; m < centered.length; m++) {
            float[] x = centered[m];
            for (int c = 0; c < classes; c++) {
                key[c] = Math.max(key[c], x[offset + c]);
            }
        }
    }

    /** Offers class c (all x_m <= margin; key = max_m x_m) to the row's tier, which keeps the highest keys. */
    private void offerBelow(float key, int c) {
        if (!(key > belowMargin)) {
            return;
        }
        offeredKey[offeredCount] = key;
        offeredClass[offeredCount] = c;
        offeredCount++;
    }

    /**
     * Appends the row's kept positions under the margin, in class order: the belowPerRow highest keys (of equal keys at
     * the cut, the lowest classes); the highest key dropped raises the floor.
     */
    private void keepBelow(float[][] centered, int offset) {
        int offered = offeredCount;
        belowOffered += offered;
        int keep = Math.min(offered, belowPerRow);
        float cut = Float.NEGATIVE_INFINITY;
        int tiesKept = 0;
        if (offered > belowPerRow) {
            System.arraycopy(offeredKey, 0, selection, 0, offered);
            cut = largest(selection, offered, belowPerRow);
            int above = 0;
            for (int i = 0; i < offered; i++) {
                above += offeredKey[i] > cut ? 1 : 0;
            }
            tiesKept = belowPerRow - above;
        }
        int needed = belowCount + keep;
        if (needed > belowTruth.length) {
            int capacity = Math.max(needed, Math.max(4096, belowTruth.length + (belowTruth.length >> 1)));
            belowTruth = Arrays.copyOf(belowTruth, capacity);
            belowGroup = Arrays.copyOf(belowGroup, capacity);
            for (int m = 0; m < models; m++) {
                belowValues[m] = Arrays.copyOf(belowValues[m], capacity);
            }
        }
        float dropped = belowFloor;
        for (int i = 0; i < offered; i++) {
            float key = offeredKey[i];
            if (!(key > cut)) {
                if (key == cut && tiesKept > 0) {
                    tiesKept--;
                } else {
                    dropped = Math.max(dropped, key);
                    continue;
                }
            }
            int c = offeredClass[i];
            for (int m = 0; m < models; m++) {
                belowValues[m][belowCount] = Float16.fromFloat(centered[m][offset + c]);
            }
            belowTruth[belowCount] = (byte) (labelStamp[c] == rows ? 1 : 0);
            belowGroup[belowCount] = classGroup[c];
            belowCount++;
        }
        belowFloor = dropped;
    }

    /** The k-th largest of a[0..n), 1 <= k <= n, none NaN (a is reordered): Hoare's selection. */
    static float largest(float[] a, int n, int k) {
        int target = n - k; // its index once a is ascending
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float swap = a[i];
                    a[i] = a[j];
                    a[j] = swap;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target]; // between j and i: equal to the pivot
            }
        }
        return a[target];
    }

    /**
     * The evaluator of the rows added; once only: each array is trimmed and the builder's own copy dropped
     * before the next, so building needs one array's worth of heap beyond the evaluator, not a second evaluator.
     */
    public BlendEvaluator build() {
        if (values == null) {
            throw new IllegalStateException("build() was already called");
        }
        short[][] trimmed = new short[models][];
        for (int m = 0; m < models; m++) {
            trimmed[m] = Arrays.copyOf(values[m], candidates);
            values[m] = null;
        }
        values = null;
        BlendEvaluator.Below below = null;
        if (belowPerRow > 0) {
            short[][] belowTrimmed = new short[models][];
            for (int m = 0; m < models; m++) {
                belowTrimmed[m] = Arrays.copyOf(belowValues[m], belowCount);
                belowValues[m] = null;
            }
            // rounding is monotone: every dropped x_m <= floor has its float16 <= the floor's float16
            below = new BlendEvaluator.Below(belowPerRow, toHalfPrecision(belowFloor), belowOffered, Arrays.copyOf(belowStart, rows + 1), belowTrimmed,
                    Arrays.copyOf(belowTruth, belowCount), Arrays.copyOf(belowGroup, belowCount));
        }
        return new BlendEvaluator(models, classes, groups, margin, Arrays.copyOf(rowStart, rows + 1), trimmed,
                Arrays.copyOf(truth, candidates), Arrays.copyOf(group, candidates), Arrays.copyOf(labelCount, rows), below);
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
