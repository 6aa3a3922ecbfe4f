package dev.foldhub.ensemble;

import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import dev.foldhub.scoring.BlendRows;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Adds the members' stored rows of a fold to a blend builder, decoding only the positions some member may have above
 * the builder's {@link BlendEvaluatorBuilder#floor() floor} so far (its ignored level, until rows' tiers fill and it
 * rises; read a wave of rows at a time): most positions have every member far under its fold threshold and are ruled
 * out on their stored float16 bits ({@link StoredOof#markAbove}), four at a time. The evaluator is the one every
 * position decoded gives (x = p - fold threshold, as {@link StoredOof#decodeRow}). Blocks of rows are screened and
 * selected side by side (one {@link BlendRows} run a thread), then appended in order. When some member's values cannot
 * be ruled out at all (its fold threshold under the ignored level's distance from 0), every row is decoded whole
 * instead, as the screen would list every class anyway.
 */
final class ScreenedRows {

    /** The rows a thread screens and selects at a time. */
    static final int BLOCK = 1024;

    private final BlendEvaluatorBuilder builder;
    private final int classes;
    private final int blockRows;
    private final Block[] blocks;

    /** One thread's run and scratch. */
    private static final class Block {
        final BlendRows run;
        final float[][] row;
        final long[] lanes;
        final int[] listed;

        Block(BlendRows run, int models, int classes) {
            this.run = run;
            this.row = new float[models][classes];
            this.lanes = new long[(classes + 3) / 4];
            this.listed = new int[classes];
        }
    }

    ScreenedRows(BlendEvaluatorBuilder builder, int models, int classes) {
        this(builder, models, classes, BLOCK);
    }

    /** @param blockRows the rows a thread screens and selects at a time */
    ScreenedRows(BlendEvaluatorBuilder builder, int models, int classes, int blockRows) {
        this.builder = builder;
        this.blockRows = blockRows;
        this.classes = classes;
        this.blocks = new Block[ForkJoinPool.getCommonPoolParallelism() + 1]; // the common pool's threads and the caller
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new Block(builder.newRows(), models, classes);
        }
    }

    /** The rows {@link #addFold} screens side by side at a time (one block a thread): a good size for its calls. */
    int waveRows() {
        return blocks.length * blockRows;
    }

    /** Adds the fold's rows in order, row i with the true classes labels[i]; thresholds[m] is member m's fold threshold. */
    void addFold(StoredOof[] stored, float[] thresholds, int[][] labels) {
        int models = stored.length;
        int[] screen = new int[models];
        int rows = labels.length;
        int wave = blocks.length * blockRows;
        for (int start = 0; start < rows; start += wave) {
            // why: no position under the tier's floor is held in the end, so the screen rules them out too (at full
            // iMet scale the tier was offered 9.2 M positions at -0.1, 2.9 M at the floor so far; it holds 2.7 M)
            float level = builder.floor();
            for (int m = 0; m < models; m++) {
                screen[m] = stored[m].screenBits(thresholds[m], level);
            }
            int first = start;
            IntStream.range(0, blocks.length).parallel().forEach(b -> {
                int from = Math.min(rows, first + b * blockRows);
                add(blocks[b], stored, thresholds, screen, labels, from, Math.min(rows, from + blockRows), level);
            });
            for (Block block : blocks) {
                builder.addRows(block.run);
            }
        }
    }

    /** Rows [from, to) into the block's run, emptied first, ignoring positions whose every value is at most level. */
    private void add(Block block, StoredOof[] stored, float[] thresholds, int[] screen, int[][] labels, int from, int to,
                     float level) {
        block.run.clear(level);
        boolean screened = true;
        for (int bits : screen) {
            screened &= bits >= 0;
        }
        if (!screened) { // a member none of whose values can be ruled out (a fold threshold under 0.1): every position
            for (int i = from; i < to; i++) {
                for (int m = 0; m < stored.length; m++) {
                    stored[m].decodeRow(i, thresholds[m], block.row[m]);
                }
                block.run.addRow(block.row, 0, labels[i]);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            Arrays.fill(block.lanes, 0);
            for (int m = 0; m < stored.length; m++) {
                stored[m].markAbove(i, screen[m], block.lanes);
            }
            int count = StoredOof.listMarked(block.lanes, classes, block.listed);
            for (int m = 0; m < stored.length; m++) {
                stored[m].decodeAt(i, block.listed, count, thresholds[m], block.row[m]);
            }
            block.run.addRow(block.row, block.listed, count, labels[i]);
        }
    }
}
