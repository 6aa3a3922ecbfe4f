package dev.foldhub.scoring;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link BlendEvaluator} row by row, so the dense M x N x C matrices need not all be in memory:
 * each row keeps only the classes where some model's centered value exceeds the margin.
 */
public final class BlendEvaluatorBuilder {

    private final int models;
    private final int classes;
    private final byte[] classGroup;
    private final int groups;
    private final float margin;
    private final int[] labelStamp;

    private int rows;
    private int candidates;
    private int[] rowStart = new int[1025];
    private int[] labelCount = new int[1024];
    private float[][] values;
    private byte[] truth = new byte[4096];
    private byte[] group = new byte[4096];

    /**
     * @param labelGroup per class its group (0..groups-1, at most 127), e.g. 0 = culture, 1 = tag; null = one group
     * @param margin     0 for thresholds >= 0; a negative margin also admits thresholds down to margin * sum(w), at the cost of more candidates
     */
    public BlendEvaluatorBuilder(int models, int classes, int[] labelGroup, float margin) {
        if (models < 1 || classes < 1) {
            throw new IllegalArgumentException("need at least one model and one class");
        }
        if (!(margin <= 0)) {
            throw new IllegalArgumentException("margin must be <= 0, got " + margin);
        }
        this.models = models;
        this.classes = classes;
        this.margin = margin;
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
        this.values = new float[models][4096];
    }

    /** The evaluator of dense row-major N x C centered matrices, one per model, with thresholds >= 0 exact. */
    public static BlendEvaluator of(List<float[]> centered, int[][] labels, int classes, int[] labelGroup) {
        return of(centered, labels, classes, labelGroup, 0f);
    }

    public static BlendEvaluator of(List<float[]> centered, int[][] labels, int classes, int[] labelGroup, float margin) {
        float[][] matrices = centered.toArray(new float[0][]);
        for (float[] matrix : matrices) {
            F2Score.checkShape(matrix, labels.length, classes);
        }
        BlendEvaluatorBuilder builder = new BlendEvaluatorBuilder(matrices.length, classes, labelGroup, margin);
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
        if (centered.length != models) {
            throw new IllegalArgumentException("expected " + models + " models, got " + centered.length);
        }
        for (int label : rowLabels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
            labelStamp[label] = rows;
        }
        for (int c = 0; c < classes; c++) {
            boolean candidate = false;
            for (int m = 0; m < models && !candidate; m++) {
                candidate = centered[m][offset + c] > margin;
            }
            if (candidate) {
                ensureCapacity(candidates + 1);
                for (int m = 0; m < models; m++) {
                    values[m][candidates] = centered[m][offset + c];
                }
                truth[candidates] = (byte) (labelStamp[c] == rows ? 1 : 0);
                group[candidates] = classGroup[c];
                candidates++;
            }
        }
        if (rows == labelCount.length) {
            labelCount = Arrays.copyOf(labelCount, rows * 2);
            rowStart = Arrays.copyOf(rowStart, rows * 2 + 1);
        }
        labelCount[rows] = rowLabels.length;
        rows++;
        rowStart[rows] = candidates;
        return this;
    }

    public BlendEvaluator build() {
        float[][] trimmed = new float[models][];
        for (int m = 0; m < models; m++) {
            trimmed[m] = Arrays.copyOf(values[m], candidates);
        }
        return new BlendEvaluator(models, classes, groups, margin, Arrays.copyOf(rowStart, rows + 1), trimmed,
                Arrays.copyOf(truth, candidates), Arrays.copyOf(group, candidates), Arrays.copyOf(labelCount, rows));
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
