package dev.foldhub.ensemble;

import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.Arrays;

/**
 * Adds the members' stored rows of a fold to a blend builder, decoding only the positions some member may have above
 * the builder's {@link BlendEvaluatorBuilder#ignoredAtMost() ignored level}: most positions have every member far
 * under its fold threshold and are ruled out on their stored float16 bits ({@link StoredOof#markAbove}), four at a
 * time. The evaluator is the one every position decoded gives (x = p - fold threshold, as {@link StoredOof#decodeRow}).
 */
final class ScreenedRows {

    private final BlendEvaluatorBuilder builder;
    private final float ignored;
    private final float[][] row;
    private final long[] lanes;
    private final int classes;
    private final int[] listed;

    ScreenedRows(BlendEvaluatorBuilder builder, int models, int classes) {
        this.builder = builder;
        this.ignored = builder.ignoredAtMost();
        this.row = new float[models][classes];
        this.lanes = new long[(classes + 3) / 4];
        this.classes = classes;
        this.listed = new int[classes];
    }

    /** Adds the fold's rows in order, row i with the true classes labels[i]; thresholds[m] is member m's fold threshold. */
    void addFold(StoredOof[] stored, float[] thresholds, int[][] labels) {
        int models = stored.length;
        int[] screen = new int[models];
        for (int m = 0; m < models; m++) {
            screen[m] = stored[m].screenBits(thresholds[m], ignored);
        }
        for (int i = 0; i < labels.length; i++) {
            Arrays.fill(lanes, 0);
            for (int m = 0; m < models; m++) {
                stored[m].markAbove(i, screen[m], lanes);
            }
            int count = StoredOof.listMarked(lanes, classes, listed);
            for (int m = 0; m < models; m++) {
                stored[m].decodeAt(i, listed, count, thresholds[m], row[m]);
            }
            builder.addRow(row, listed, count, labels[i]);
        }
    }
}
