package dev.foldhub.scoring;

import dev.foldhub.prediction.Float16;
import java.util.Arrays;

/**
 * The positions a run of consecutive rows keeps for a {@link BlendEvaluatorBuilder}, chosen row by row and
 * independently of every other row: the classes where some model's centered value exceeds the margin, and the tier of
 * at most belowPerRow positions under it with the highest key = max_m x_m (above belowMargin, or a higher level: {@link
 * #clear(float)}; of equal keys at the cut, the lowest classes), each value rounded to float16. So runs can be filled
 * on several threads and appended in order ({@link BlendEvaluatorBuilder#addRows}); a run is cleared and filled again.
 * Not thread-safe: one thread a run.
 */
public final class BlendRows {

    private final int models;
    private final int classes;
    private final byte[] classGroup;
    private final float margin;
    private final float belowMargin;
    private final int belowPerRow;
    /** Positions under the margin whose max_m x_m is at most this are ignored: belowMargin, or a floor reached. */
    private float level;

    /** labelStamp[c] == stamp: c is a true class of the row being added. */
    private final int[] labelStamp;
    private int stamp;
    /** The row being added: max_m x_m of each class. */
    private final float[] classMax;
    /** The row's positions offered under the margin, in class order: their keys and classes, offeredCount of them. */
    private final float[] offeredKey;
    private final int[] offeredClass;
    private int offeredCount;
    /** The offered keys reordered while the row's cut is selected. */
    private final float[] selection;

    int rows;
    /** Per row of the run: the end of its candidates, of its tier, and its number of true labels. */
    int[] rowEnd = new int[64];
    int[] belowEnd = new int[64];
    int[] labelCount = new int[64];
    int candidates;
    short[][] values;
    byte[] truth = new byte[1024];
    byte[] group = new byte[1024];
    int belowCount;
    short[][] belowValues;
    byte[] belowTruth;
    byte[] belowGroup;
    long belowOffered;
    /** The highest key the run dropped from a tier (its level when none). */
    float belowFloor;

    BlendRows(int models, int classes, byte[] classGroup, float margin, float belowMargin, int belowPerRow) {
        this.models = models;
        this.classes = classes;
        this.classGroup = classGroup;
        this.margin = margin;
        this.belowMargin = belowMargin;
        this.belowPerRow = belowPerRow;
        this.labelStamp = new int[classes];
        this.classMax = new float[classes];
        int offered = belowPerRow > 0 ? classes : 0;
        this.offeredKey = new float[offered];
        this.offeredClass = new int[offered];
        this.selection = new float[offered];
        this.values = new short[models][1024];
        int tier = belowPerRow > 0 ? 1024 : 0;
        this.belowValues = new short[models][tier];
        this.belowTruth = new byte[tier];
        this.belowGroup = new byte[tier];
        clear();
    }

    /** Empties the run (its arrays kept, to be filled again). */
    public void clear() {
        clear(belowMargin);
    }

    /**
     * Empties the run, to be filled again ignoring the positions under the margin whose max_m x_m is at most level (at
     * least belowMargin): a floor the builder already reached ({@link BlendEvaluatorBuilder#floor()}), under which no
     * position it builds is held. The positions held in the end are then the same as at belowMargin: the highest of a
     * row above the floor are the highest whatever is ignored under it, and the floor is the same.
     */
    public void clear(float level) {
        if (!(level >= belowMargin && level <= margin)) {
            throw new IllegalArgumentException("level " + level + " outside [" + belowMargin + ", " + margin + "]");
        }
        this.level = level;
        rows = 0;
        candidates = 0;
        belowCount = 0;
        belowOffered = 0;
        belowFloor = level;
        Arrays.fill(labelStamp, -1);
        stamp = 0;
    }

    public int rows() {
        return rows;
    }

    /**
     * Adds the next row: model m's centered value of class c is {@code centered[m][offset + c]}.
     *
     * @param rowLabels the row's true class indices, without duplicates
     */
    public void addRow(float[][] centered, int offset, int[] rowLabels) {
        beginRow(centered, rowLabels);
        maxOverModels(centered, offset, classMax);
        for (int c = 0; c < classes; c++) {
            addClass(centered, offset, c, classMax[c]);
        }
        endRow(centered, offset, rowLabels);
    }

    /**
     * Adds the next row from the classes listed[0..count) only, ascending, with model m's centered value of class c in
     * {@code centered[m][c]}: every class not listed must have all its centered values at most the run's level
     * ({@link #clear(float)}: {@link BlendEvaluatorBuilder#ignoredAtMost()} or the floor reached; none NaN), which
     * {@link #addRow(float[][], int, int[])} would skip; the positions kept are then the same.
     */
    public void addRow(float[][] centered, int[] listed, int count, int[] rowLabels) {
        beginRow(centered, rowLabels);
        for (int j = 0; j < count; j++) {
            int c = listed[j];
            float key = centered[0][c];
            for (int m = 1; m < models; m++) {
                key = Math.max(key, centered[m][c]); // in model order, as maxOverModels
            }
            addClass(centered, 0, c, key);
        }
        endRow(centered, 0, rowLabels);
    }

    private void beginRow(float[][] centered, int[] rowLabels) {
        if (centered.length != models) {
            throw new IllegalArgumentException("expected " + models + " models, got " + centered.length);
        }
        stamp++;
        for (int label : rowLabels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
            labelStamp[label] = stamp;
        }
        offeredCount = 0;
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

    /** Class c of the row (key = max_m x_m): a candidate above the margin, else offered to the tier under it. */
    private void addClass(float[][] centered, int offset, int c, float key) {
        boolean candidate = key > margin;
        if (key != key) { // a NaN value: a candidate, as ever, when any model is above the margin
            for (int m = 0; m < models && !candidate; m++) {
                candidate = centered[m][offset + c] > margin;
            }
        }
        if (!candidate) {
            if (belowPerRow > 0 && key > level) {
                offeredKey[offeredCount] = key;
                offeredClass[offeredCount] = c;
                offeredCount++;
            }
            return;
        }
        if (candidates == truth.length) {
            int capacity = candidates + (candidates >> 1);
            truth = Arrays.copyOf(truth, capacity);
            group = Arrays.copyOf(group, capacity);
            for (int m = 0; m < models; m++) {
                values[m] = Arrays.copyOf(values[m], capacity);
            }
        }
        for (int m = 0; m < models; m++) {
            values[m][candidates] = Float16.fromFloat(centered[m][offset + c]);
        }
        truth[candidates] = (byte) (labelStamp[c] == stamp ? 1 : 0);
        group[candidates] = classGroup[c];
        candidates++;
    }

    private void endRow(float[][] centered, int offset, int[] rowLabels) {
        if (rows == rowEnd.length) {
            rowEnd = Arrays.copyOf(rowEnd, rows * 2);
            belowEnd = Arrays.copyOf(belowEnd, rows * 2);
            labelCount = Arrays.copyOf(labelCount, rows * 2);
        }
        if (belowPerRow > 0) {
            keepBelow(centered, offset);
        }
        labelCount[rows] = rowLabels.length;
        rowEnd[rows] = candidates;
        belowEnd[rows] = belowCount;
        rows++;
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
            int capacity = Math.max(needed, belowTruth.length + (belowTruth.length >> 1));
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
            belowTruth[belowCount] = (byte) (labelStamp[c] == stamp ? 1 : 0);
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
}
