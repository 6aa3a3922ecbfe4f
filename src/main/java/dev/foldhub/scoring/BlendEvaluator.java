package dev.foldhub.scoring;

import dev.foldhub.prediction.Float16;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Sample-averaged F2 of a weighted blend of M models' centered OOF matrices (probability minus
 * that model's fold threshold), evaluated over a sparse candidate set instead of the dense N x C grid.
 *
 * <p>A blend predicts (r, c) iff {@code s = sum_m w_m * x_m[r,c] > t}, with s accumulated in double in
 * model order. Only positions where some model exceeds {@link #margin()} are stored. For w_m >= 0,
 * s <= margin * sum(w) at every other position, so the result is <b>exact</b> (identical to the dense
 * computation) whenever all weights are finite and nonnegative and every threshold is at least
 * {@link #minExactThreshold(double[])} (= 0 for the default margin 0). Anything else throws
 * {@link IllegalArgumentException}: there is no slow path. All-zero weights predict nothing (F2 = 0).
 *
 * <p>Thresholds below that bound need a {@link Below} tier: per row at most a fixed number of the positions
 * under the margin with the highest max_m x_m, and the highest max_m x_m it dropped ({@link #belowFloor()} is the
 * largest over rows). Every position it does not hold then has s <= floor * sum(w), so {@code f2} is exact for
 * thresholds >= {@link #minExactThreshold(double[])} = floor * sum(w); the tier is read only for such thresholds
 * below margin * sum(w), and thresholds at or above that bound are scored exactly as without it.
 *
 * <p>Values are held at float16 precision (2 bytes each, the precision the OOF store keeps probabilities at): the
 * builder rounds every centered value x to the nearest float16 x' (error <= max(2^-11 |x|, 2^-25), sign kept), and
 * "exact" above means exact for those x'. Rounding is monotone, so a position left out with every x_m <= margin (or
 * floor) has every x'_m <= the rounded margin (or floor), which {@link #margin()} and {@link #belowFloor()} report.
 *
 * <p>Immutable and thread-safe; evaluation allocates nothing. Build with {@link BlendEvaluatorBuilder}.
 */
public final class BlendEvaluator {

    private static final int BLOCK = 2048;
    /** From this many candidates on, rows are scored in SEGMENTS fixed parts on the common fork-join pool. */
    private static final int PARALLEL_CANDIDATES = 200_000;
    private static final int SEGMENTS = 8;
    /** Weight vectors counted together row by row in the float kernel: one loop exit a row for all of them. */
    private static final int GROUP = 4;
    /** The float kernel's hit code 1 + 2^12 truth: a row's codes sum exactly in float up to 4095 candidates. */
    private static final int FLOAT_SHIFT = 12;
    private static final int FLOAT_WIDEST = (1 << FLOAT_SHIFT) - 1;
    /** A position whose float blend is too close to the threshold adds this to its row's sum: the row is rescored in double. */
    private static final float UNSURE = 0x1p24f;
    /** The candidates are kept decoded (floats and hit codes) when that takes at most this many bytes. */
    private static final long DECODED_BYTES = 128L << 20;
    /** HALF[h] = the float value of float16 bits h; 256 KB, stays in the L2 cache while the blend streams. */
    static final float[] HALF = new float[1 << 16];

    static {
        for (int h = 0; h < HALF.length; h++) {
            HALF[h] = Float16.toFloat((short) h);
        }
    }

    private final int models;
    private final int classes;
    private final int groups;
    private final float margin;
    /** Candidates of row r are [rowStart[r], rowStart[r+1]). */
    private final int[] rowStart;
    /** values[m][k]: model m's centered value at candidate k, as float16 bits. */
    private final short[][] values;
    /** 1 where candidate k is a true label. */
    private final byte[] truth;
    /** Label group of candidate k's class. */
    private final byte[] group;
    /** Number of true labels of each row (TP + FN). */
    private final int[] labelCount;
    private final ThreadLocal<Scratch> scratch;
    /** Segment i covers rows [segmentRow[i], segmentRow[i+1]). */
    private final int[] segmentRow;
    /** Row i is row rowMap[i] of the arrays; null = all rows in order (a restricted evaluator shares the arrays). */
    private final int[] rowMap;
    private final int rowCount;
    private final int candidateCount;
    /** Positions under the margin kept for thresholds below margin * sum(w); null when none were kept. */
    private final Below below;
    /** Rows hold at most FLOAT_WIDEST candidates: the float kernel counts them exactly. */
    private final boolean floatCounts;
    /** Every candidate decoded once for the float kernel, block by block; null when too large, and in restricted views. */
    private final Decoded decoded;
    /** max |x_m| over every candidate and model: the float kernel's rounding band scales with it. */
    private final float maxAbs;

    /**
     * The candidates of the float kernel's blocks, decoded: block i covers rows [blockRow[i], blockRow[i + 1]), x[i][m][j]
     * is model m's value at its candidate j and code[i][j] = 1 + 2^12 truth, each block in arrays of its own. The
     * kernel reads them in place: with the same index on both sides its blend loops vectorize (a block read at an
     * offset of one large array did not: x might have been s itself), and no pass copies 50 MB through the cache.
     * Blocks never cross a segment; they are the blocks the kernel forms from the rows, so it finds them in order.
     */
    private record Decoded(int[] blockRow, float[][][] x, float[][] code) {
    }


    /**
     * A thread's block buffers: x[m][i] = model m's value at the block's candidate i and code[i] = 1 + 2^16 truth, both
     * decoded once for every weight vector; s the blend, hits[i] = code[i] where s[i] exceeds the threshold, else 0.
     * The float kernel's: xf[m][i] the same values as floats, codeF[i] = 1 + 2^12 truth, and one hits array for each
     * vector of a group ({@link #GROUP}).
     */
    private record Scratch(double[][] x, double[] code, double[] s, double[] hits, float[][] xf, float[] codeF,
                           float[][] hitsF) {
    }

    /**
     * The bounded tier under the margin: row r's positions are [rowStart[r], rowStart[r+1]) of the arrays,
     * at most {@code perRow} a row, each with some x_m > floor; every position of any row not held has all x_m <= floor;
     * {@code offered} positions were offered to the tier while rows were added (max_m x_m in (level, margin], the level
     * rising from the tier's lowest margin with the floor reached so far: a count for figures, which depends on how the
     * rows were batched).
     */
    record Below(int perRow, float floor, long offered, int[] rowStart, short[][] values, byte[] truth, byte[] group) {
    }

    BlendEvaluator(int models, int classes, int groups, float margin,
                   int[] rowStart, short[][] values, byte[] truth, byte[] group, int[] labelCount) {
        this(models, classes, groups, margin, rowStart, values, truth, group, labelCount, null);
    }

    BlendEvaluator(int models, int classes, int groups, float margin, int[] rowStart, short[][] values,
                   byte[] truth, byte[] group, int[] labelCount, Below below) {
        this(models, classes, groups, margin, rowStart, values, truth, group, labelCount, below, null, true, maxAbs(values));
    }

    /**
     * rowMap: row i of this evaluator is row rowMap[i] of the arrays (null: the identity, all rows); decode: keep the
     * candidates decoded if they fit {@link #DECODED_BYTES} (never in a restricted view, whose blocks are others');
     * maxAbs: max |x| of the values.
     */
    private BlendEvaluator(int models, int classes, int groups, float margin, int[] rowStart, short[][] values,
                           byte[] truth, byte[] group, int[] labelCount, Below below, int[] rowMap, boolean decode,
                           float maxAbs) {
        this.below = below;
        this.maxAbs = maxAbs;
        this.models = models;
        this.classes = classes;
        this.groups = groups;
        this.margin = margin;
        this.rowStart = rowStart;
        this.values = values;
        this.truth = truth;
        this.group = group;
        this.labelCount = labelCount;
        this.rowMap = rowMap;
        this.rowCount = rowMap == null ? labelCount.length : rowMap.length;
        int widest = 0;
        long candidates = 0;
        for (int r = 0; r < rowCount; r++) {
            int b = base(r);
            widest = Math.max(widest, rowStart[b + 1] - rowStart[b]);
            candidates += rowStart[b + 1] - rowStart[b];
        }
        this.candidateCount = (int) candidates;
        int block = Math.max(BLOCK, widest);
        this.floatCounts = widest <= FLOAT_WIDEST;
        // why: per-thread blend scratch keeps f2 allocation-free and the evaluator shareable between threads
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new double[models][block], new double[block],
                new double[block], new double[block], new float[models][block], new float[block],
                new float[GROUP][block]));
        int segments = candidates < PARALLEL_CANDIDATES ? 1 : SEGMENTS;
        this.segmentRow = new int[segments + 1];
        long before = 0;
        for (int i = 1, r = 0; i <= segments; i++) {
            long target = candidates * i / segments;
            while (r < rowCount && before < target) { // before = candidates of rows [0, r)
                before += rowStart[base(r) + 1] - rowStart[base(r)];
                r++;
            }
            segmentRow[i] = i == segments ? rowCount : r;
        }
        this.decoded = decode && rowMap == null ? decodeAll(block) : null;
    }

    /**
     * max |x| over the float16 values (0 when there are none, NaN when one is): |x| grows with the bits h & 0x7fff (NaNs
     * above infinity), so an integer max over the bits, without decoding a value (40 M candidates at fold thresholds 0.05).
     */
    private static float maxAbs(short[][] values) {
        int max = 0;
        for (short[] v : values) {
            for (short h : v) {
                max = Math.max(max, h & 0x7fff);
            }
        }
        return HALF[max];
    }

    /** The arrays' row holding this evaluator's row r. */
    private int base(int r) {
        return rowMap == null ? r : rowMap[r];
    }

    /** Blend F2 at one global threshold. */
    public double f2(double[] weights, double threshold) {
        checkWeights(weights);
        checkThreshold(weights, threshold);
        return score(weights, null, threshold, threshold < marginBound(weights));
    }

    /**
     * The F2 of each weight vector at one threshold, in one pass over the candidates (each block of values is read
     * once for all of them): equal to calling {@link #f2(double[], double)} for each, for a fraction of the memory
     * traffic. For thresholds below margin * sum(w) of some vector it falls back to one pass each. Allocates a sum
     * a vector per segment.
     */
    public double[] f2Each(double[][] weightSets, double threshold) {
        double[] result = new double[weightSets.length];
        boolean wide = false;
        for (double[] weights : weightSets) {
            checkWeights(weights);
            checkThreshold(weights, threshold);
            wide |= threshold < marginBound(weights);
        }
        if (wide) {
            for (int i = 0; i < weightSets.length; i++) {
                result[i] = f2(weightSets[i], threshold);
            }
            return result;
        }
        return candidateF2s(weightSets, threshold);
    }

    /** Each vector's F2 at a threshold >= margin * sum(w), from the candidates alone: one pass for all vectors. */
    private double[] candidateF2s(double[][] weightSets, double threshold) {
        double[] result = new double[weightSets.length];
        if (rowCount == 0) {
            return result;
        }
        double[] sums = rowF2Sums(weightSets, null, null, threshold);
        for (int k = 0; k < result.length; k++) {
            result[k] = sums[k] / rowCount;
        }
        return result;
    }

    /** Per weight vector, the sum of the row F2s of the rows outside its excluded part, over all segments. */
    private double[] rowF2Sums(double[][] weightSets, int[] excludedPart, int[] partOfRow, double threshold) {
        int segments = segmentRow.length - 1;
        double[][] partial = new double[segments][];
        // why: fixed segments, partial sums added in segment order, so the result never depends on scheduling
        IntStream.range(0, segments).parallel().forEach(i -> partial[i] = rowF2SumsExcluding(weightSets, excludedPart,
                partOfRow, threshold, segmentRow[i], segmentRow[i + 1]));
        double[] sums = new double[weightSets.length];
        for (int k = 0; k < sums.length; k++) {
            for (double[] p : partial) {
                sums[k] += p[k];
            }
        }
        return sums;
    }

    /**
     * The F2 of each weight vector at one threshold over the rows whose part is not its excluded part (-1: every row),
     * all in one pass over the candidates: e.g. the training rows of each nested-CV fold, partOfRow being the rows'
     * folds. Equal to {@code restrictTo(those rows).f2(weights, threshold)} up to the rounding of the sum of row F2s
     * (summed in row order a segment here). Thresholds >= margin * sum(w); no rows left for a vector scores 0.
     */
    public double[] f2Excluding(double[][] weightSets, int[] excludedPart, int[] partOfRow, double threshold) {
        if (excludedPart.length != weightSets.length || partOfRow.length != rowCount) {
            throw new IllegalArgumentException("need one excluded part a weight vector and one part a row, got "
                    + excludedPart.length + " for " + weightSets.length + " and " + partOfRow.length + " for "
                    + rowCount);
        }
        for (double[] weights : weightSets) {
            checkWeights(weights);
            if (!(threshold >= marginBound(weights))) {
                throw new IllegalArgumentException("threshold " + threshold + " is below " + marginBound(weights)
                        + " (margin x sum of weights): scoring by parts reads the candidates only");
            }
        }
        double[] sums = rowF2Sums(weightSets, excludedPart, partOfRow, threshold);
        int widestPart = 0;
        for (int part : excludedPart) {
            widestPart = Math.max(widestPart, part + 1);
        }
        int[] rowsOfPart = new int[widestPart]; // the rows of each part some vector leaves out
        for (int part : partOfRow) {
            if (part >= 0 && part < widestPart) {
                rowsOfPart[part]++;
            }
        }
        double[] result = new double[weightSets.length];
        for (int k = 0; k < result.length; k++) {
            int rows = rowCount - (excludedPart[k] < 0 ? 0 : rowsOfPart[excludedPart[k]]);
            result[k] = rows == 0 ? 0 : sums[k] / rows;
        }
        return result;
    }

    /**
     * Per weight vector, the sum of the row F2s of rows [from, to) outside its excluded part (excludedPart null: every
     * row), summed row by row in order as f2 sums them. Blocks span rows of any parts (each vector's blend covers the
     * whole block, its excluded rows are left out of the sums): blocks cut at every change of part would be a row or two
     * long where folds interleave, and the decode and blend loops would no longer run long enough to pay.
     */
    private double[] rowF2SumsExcluding(double[][] weightSets, int[] excludedPart, int[] partOfRow, double threshold,
                                        int from, int to) {
        return floatCounts && floatable(weightSets, threshold)
                ? rowF2SumsFloat(weightSets, excludedPart, partOfRow, threshold, from, to)
                : rowF2SumsDouble(weightSets, excludedPart, partOfRow, threshold, from, to);
    }

    /** The float kernel's bounds hold: every weight sum and the threshold well inside float's range. */
    private static boolean floatable(double[][] weightSets, double threshold) {
        for (double[] weights : weightSets) {
            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            if (!(sum <= 0x1p100)) {
                return false;
            }
        }
        return Math.abs(threshold) <= 0x1p100;
    }

    /**
     * {@link #rowF2SumsDouble}'s sums, the same to the last bit, for less work: the blend in float (twice the lanes, half
     * the memory traffic) and the counts of up to {@link #GROUP} vectors in one loop a row. A float blend s_f can
     * only decide a position differently from the double blend s_d when |s_f - t| <= (M + 2) 2^-24 sum_m |w_m x_m|
     * (rounding of the weights, the products and the sums in any order, and of t); every position within twice that
     * band of the threshold, bounded for all positions at once by (2M + 8) 2^-24 sum(w) max|x| + 2^-22 |t| + 2^-130
     * (max|x| over every candidate), marks its row {@link #UNSURE}, and such a row is rescored in double exactly as
     * {@code rowF2SumsDouble} scores it. Rows of at most {@link #FLOAT_WIDEST} candidates.
     */
    private double[] rowF2SumsFloat(double[][] weightSets, int[] excludedPart, int[] partOfRow, double threshold,
                                    int from, int to) {
        int sets = weightSets.length;
        Scratch buffers = scratch.get();
        float[][] hitsF = buffers.hitsF();
        int block = hitsF[0].length;
        float[][] wf = new float[sets][models];
        float[] band = new float[sets];
        for (int k = 0; k < sets; k++) {
            double sum = 0;
            for (int m = 0; m < models; m++) {
                wf[k][m] = (float) weightSets[k][m];
                sum += weightSets[k][m];
            }
            // why: rounding the band to float is far inside its factor 2 of safety
            band[k] = (float) ((2 * models + 8) * 0x1p-24 * sum * maxAbs + Math.abs(threshold) * 0x1p-22 + 0x1p-130);
        }
        float tf = (float) threshold;
        double[] sums = new double[sets];
        // why: nested CV's searches ask for the same vectors on different rows (every search's start, and paths that agree
        // for a while): each distinct vector is blended once a block, and its row F2 added to the sum of every set that
        // asked for it outside its excluded part (the same additions, row by row, as one blend a set; an excluded row
        // added 0 before, which leaves a sum of nonnegative row F2s unchanged)
        int[][] same = identicalSets(weightSets);
        int[] active = new int[same.length];
        float[] codes = new float[GROUP];
        int r = from;
        int blockIndex = decoded == null ? -1 : Arrays.binarySearch(decoded.blockRow(), from);
        while (r < to) {
            int first = rowStart[base(r)];
            int end;
            float[][] xs;
            float[] code;
            if (decoded != null) {
                end = decoded.blockRow()[blockIndex + 1];
                xs = decoded.x()[blockIndex];
                code = decoded.code()[blockIndex];
                blockIndex++;
            } else {
                end = blockEnd(r, to, block);
                xs = buffers.xf();
                code = buffers.codeF();
            }
            int n = rowStart[base(end - 1) + 1] - first;
            if (decoded == null) {
                decodeFloat(first, n, buffers); // once for all the weight vectors
            }
            // a block of one part's rows (rows come in fold order from the loader) is skipped by the vectors leaving it out
            int onlyPart = partOfRow == null ? -1 : partOfRow[r];
            for (int q = r + 1; q < end && onlyPart >= 0; q++) {
                onlyPart = partOfRow[q] == onlyPart ? onlyPart : -1;
            }
            int live = 0;
            for (int u = 0; u < same.length; u++) {
                boolean needed = false;
                for (int k : same[u]) {
                    needed |= onlyPart < 0 || excludedPart == null || excludedPart[k] != onlyPart;
                }
                if (needed) {
                    active[live++] = u;
                }
            }
            for (int a0 = 0; a0 < live; ) {
                // groups of 4, then 2, then 1: a row loop costs about the same per element whatever it sums, so a short
                // group gets a loop of its own width instead of a padded one
                int size = live - a0 >= GROUP ? GROUP : live - a0 >= 2 ? 2 : 1;
                for (int j = 0; j < size; j++) {
                    int k = same[active[a0 + j]][0];
                    blendFloat(wf[k], xs, n, hitsF[j]);
                    hitsFloat(hitsF[j], code, n, tf, band[k]);
                }
                for (int q = r; q < end; q++) {
                    int b = base(q);
                    int lo = rowStart[b] - first;
                    int hi = rowStart[b + 1] - first;
                    sumRow(hitsF, size, lo, hi, codes);
                    int part = partOfRow == null ? -1 : partOfRow[q];
                    for (int j = 0; j < size; j++) {
                        double f2 = 0;
                        boolean scored = false;
                        for (int k : same[active[a0 + j]]) {
                            if (excludedPart != null && excludedPart[k] >= 0 && part == excludedPart[k]) {
                                continue;
                            }
                            if (!scored) {
                                f2 = rowF2(codes[j], weightSets[k], threshold, xs, lo, hi, b);
                                scored = true;
                            }
                            sums[k] += f2;
                        }
                    }
                }
                a0 += size;
            }
            r = end;
        }
        return sums;
    }

    /**
     * The sets grouped by identical weights (bit for bit), each group's indices ascending, the groups in order of their
     * first index.
     */
    private static int[][] identicalSets(double[][] weightSets) {
        List<int[]> groups = new ArrayList<>();
        boolean[] placed = new boolean[weightSets.length];
        for (int k = 0; k < weightSets.length; k++) {
            if (placed[k]) {
                continue;
            }
            int[] group = new int[weightSets.length - k];
            int n = 0;
            for (int j = k; j < weightSets.length; j++) {
                if (!placed[j] && Arrays.equals(weightSets[j], weightSets[k])) {
                    placed[j] = true;
                    group[n++] = j;
                }
            }
            groups.add(Arrays.copyOf(group, n));
        }
        return groups.toArray(int[][]::new);
    }

    /** codes[j] = the sum of hits[j][lo..hi) for j < size (1, 2 or 4): independent sums, one loop exit for all. */
    private static void sumRow(float[][] hits, int size, int lo, int hi, float[] codes) {
        float[] h0 = hits[0];
        float c0 = 0;
        if (size == 1) {
            for (int j = lo; j < hi; j++) {
                c0 += h0[j];
            }
            codes[0] = c0;
            return;
        }
        float[] h1 = hits[1];
        float c1 = 0;
        if (size == 2) {
            for (int j = lo; j < hi; j++) {
                c0 += h0[j];
                c1 += h1[j];
            }
            codes[0] = c0;
            codes[1] = c1;
            return;
        }
        float[] h2 = hits[2];
        float[] h3 = hits[3];
        float c2 = 0;
        float c3 = 0;
        for (int j = lo; j < hi; j++) {
            c0 += h0[j];
            c1 += h1[j];
            c2 += h2[j];
            c3 += h3[j];
        }
        codes[0] = c0;
        codes[1] = c1;
        codes[2] = c2;
        codes[3] = c3;
    }

    /**
     * A row's F2 from its float sum of hit codes (predicted + 2^12 tp), 0 when it has no true positive; a sum marked
     * {@link #UNSURE} (or NaN) is recounted from the double blend of positions [lo, hi) of the block.
     */
    private double rowF2(float codes, double[] weights, double threshold, float[][] xf, int lo, int hi, int b) {
        int predicted;
        int tp;
        if (codes < UNSURE) { // false for NaN
            int counts = (int) codes;
            tp = counts >>> FLOAT_SHIFT;
            predicted = counts & FLOAT_WIDEST;
        } else {
            predicted = 0;
            tp = 0;
            for (int j = lo; j < hi; j++) {
                int hit = exactBlend(weights, xf, j) > threshold ? 1 : 0;
                predicted += hit;
                tp += hit & truth[rowStart[b] + j - lo];
            }
        }
        return F2Score.rowF2ByCounts(tp, predicted, labelCount[b]);
    }

    /** sum_m w_m * x[m][j] in double, in model order: the blend whose decision s > t every kernel reproduces exactly. */
    private static double exactBlend(double[] weights, float[][] x, int j) {
        double s = weights[0] * x[0][j];
        for (int m = 1; m < weights.length; m++) {
            s += weights[m] * x[m][j];
        }
        return s;
    }

    /**
     * s[i] = sum_m wf_m * xf[m][i] in float, three models a loop: loops the JIT vectorizes (with the same index on both
     * sides; read at an offset, x might be s itself at an unknown distance, and the loops stayed scalar, 3.6x slower).
     * Three models a loop read and write s a third as often as one a loop (25% less time a vector); the JIT leaves a
     * loop of all seven models scalar.
     */
    private static void blendFloat(float[] wf, float[][] xf, int n, float[] s) {
        int models = xf.length;
        int m;
        if (models >= 3) {
            float w0 = wf[0];
            float w1 = wf[1];
            float w2 = wf[2];
            float[] x0 = xf[0];
            float[] x1 = xf[1];
            float[] x2 = xf[2];
            for (int i = 0; i < n; i++) {
                s[i] = w0 * x0[i] + w1 * x1[i] + w2 * x2[i];
            }
            m = 3;
        } else {
            float w0 = wf[0];
            float[] x0 = xf[0];
            for (int i = 0; i < n; i++) {
                s[i] = w0 * x0[i];
            }
            m = 1;
        }
        for (; m + 3 <= models; m += 3) {
            float w0 = wf[m];
            float w1 = wf[m + 1];
            float w2 = wf[m + 2];
            float[] x0 = xf[m];
            float[] x1 = xf[m + 1];
            float[] x2 = xf[m + 2];
            for (int i = 0; i < n; i++) {
                s[i] += w0 * x0[i] + w1 * x1[i] + w2 * x2[i];
            }
        }
        for (; m < models; m++) {
            float w = wf[m];
            float[] xm = xf[m];
            for (int i = 0; i < n; i++) {
                s[i] += w * xm[i];
            }
        }
    }

    /**
     * In place: s[i] becomes code[i] if s[i] > t, else 0, plus {@link #UNSURE} if |s[i] - t| < band, branch-free: for
     * d != 0, d / |d| is exactly 1 or -1, so (d / |d| + 1) / 2 is exactly 1 or 0 (a third less time than clamping d
     * times 2^149 into [0, 1], whose min and max vectorize into several instructions each). d = 0 or |d| = band gives
     * NaN (0 / 0), which makes the row's sum NaN: such a row is rescored in double, as an unsure one is.
     */
    private static void hitsFloat(float[] s, float[] code, int n, float t, float band) {
        for (int i = 0; i < n; i++) {
            float d = s[i] - t;
            float u = band - Math.abs(d);
            s[i] = (d / Math.abs(d) + 1f) * 0.5f * code[i] + (u / Math.abs(u) + 1f) * (0.5f * UNSURE);
        }
    }

    /** The block's candidates [first, first + n) decoded into the scratch buffers. */
    private void decodeFloat(int first, int n, Scratch buffers) {
        decodeFloat(values, truth, first, n, buffers.xf(), buffers.codeF());
    }

    /**
     * Candidates [first, first + n) decoded: x[m][i] = model m's value at candidate first + i, code[i] = 1 + 2^12 truth,
     * for i < n. For a block a pass, or once for all candidates ({@link #decodeAll}).
     */
    private static void decodeFloat(short[][] values, byte[] truth, int first, int n, float[][] x, float[] code) {
        float[] half = HALF;
        for (int m = 0; m < values.length; m++) {
            short[] v = values[m];
            float[] xm = x[m];
            for (int i = 0; i < n; i++) {
                xm[i] = half[v[first + i] & 0xffff];
            }
        }
        for (int i = 0; i < n; i++) {
            code[i] = 1 + (1 << FLOAT_SHIFT) * truth[first + i];
        }
    }

    /**
     * The end of the float kernel's block that starts at row r, within rows [r, to): the rows after it while they are
     * contiguous in the arrays and all their candidates fit the block size.
     */
    private int blockEnd(int r, int to, int block) {
        int first = rowStart[base(r)];
        int end = r + 1;
        while (end < to && base(end) == base(end - 1) + 1 && rowStart[base(end) + 1] - first <= block) {
            end++;
        }
        return end;
    }

    /**
     * Every block of every segment decoded as {@link #decodeFloat} decodes it for a pass, or null when that would pass
     * {@link #DECODED_BYTES} (rows in array order: not for restricted views).
     */
    private Decoded decodeAll(int block) {
        if (4L * (models + 1) * truth.length > Math.min(DECODED_BYTES, Runtime.getRuntime().maxMemory() / 16)) {
            return null;
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 1 < segmentRow.length; i++) {
            for (int r = segmentRow[i]; r < segmentRow[i + 1]; r = blockEnd(r, segmentRow[i + 1], block)) {
                starts.add(r);
            }
        }
        starts.add(rowCount);
        int[] blockRow = starts.stream().mapToInt(Integer::intValue).toArray();
        int blocks = blockRow.length - 1;
        float[][][] x = new float[blocks][][];
        float[][] code = new float[blocks][];
        for (int i = 0; i < blocks; i++) {
            int first = rowStart[blockRow[i]];
            int n = rowStart[blockRow[i + 1]] - first;
            x[i] = new float[models][n];
            code[i] = new float[n];
            decodeFloat(values, truth, first, n, x[i], code[i]);
        }
        return new Decoded(blockRow, x, code);
    }

    /**
     * A {@link ReferenceBlend} at these weights over the rows outside excludedPart (-1: every row; partOfRow may then be
     * null), holding at most maxStored positions; null where this evaluator cannot make one: a restricted view, rows
     * wider than the float kernel counts, 2^30 candidates or more, weights too large for the float kernel, or a
     * threshold below margin * sum(w).
     */
    public ReferenceBlend reference(double[] weights, double threshold, int excludedPart, int[] partOfRow,
                                    int maxStored) {
        return reference(weights, threshold, excludedPart, partOfRow, maxStored, null, null);
    }

    /**
     * Whether {@link #reference} can build references here at all: not on a restricted view, on rows the float kernel
     * counts, under 2^30 candidates (then for any weights summing to at most 2^100 and a threshold of at least
     * margin * sum(w)).
     */
    public boolean buildsReferences() {
        return rowMap == null && floatCounts && candidateCount < 1 << 30;
    }

    /**
     * As {@link #reference(double[], double, int, int[], int)}, built in code (scratch of at least {@link #candidates()}
     * entries, or null for a new one) and into the arrays of replaced (a reference of this evaluator no longer used, or
     * null): a search moving its reference every few points allocates nothing new for it (at full iMet scale, 9 MB a
     * reference, most of it humongous to G1).
     */
    public ReferenceBlend reference(double[] weights, double threshold, int excludedPart, int[] partOfRow,
                                    int maxStored, short[] code, ReferenceBlend replaced) {
        checkWeights(weights);
        if (excludedPart >= 0 && (partOfRow == null || partOfRow.length != rowCount)) {
            throw new IllegalArgumentException("need one part a row to leave out part " + excludedPart);
        }
        if (!buildsReferences() || !floatable(new double[][] {weights}, threshold) || !(threshold >= marginBound(weights))) {
            return null;
        }
        short[] codes = code != null && code.length >= candidateCount ? code : new short[candidateCount];
        IntStream.range(0, segmentRow.length - 1).parallel().forEach(i -> referenceCodes(weights, threshold, i, codes));
        return new ReferenceBlend(weights, threshold, margin, excludedPart, partOfRow, values, truth, rowStart,
                labelCount, segmentRow, codes, maxStored, replaced);
    }

    /**
     * For every candidate i of the segment: code[i] = bucket << 1 | hit, hit the double decision s > t of these weights,
     * bucket {@link ReferenceBlend#bucket} of a lower bound of |s - t| / max_m |x_m| (0 where the float blend is within the
     * kernel's rounding band of t, which does not bound it away from 0). The blend in float, as the float kernel forms it;
     * its error is below half the band.
     */
    private void referenceCodes(double[] weights, double threshold, int segment, short[] code) {
        Scratch buffers = scratch.get();
        float[] s = buffers.hitsF()[0];
        float[] largest = buffers.hitsF()[1];
        int block = s.length;
        float[] wf = new float[models];
        double sum = 0;
        for (int m = 0; m < models; m++) {
            wf[m] = (float) weights[m];
            sum += weights[m];
        }
        float band = (float) ((2 * models + 8) * 0x1p-24 * sum * maxAbs + Math.abs(threshold) * 0x1p-22 + 0x1p-130);
        float tf = (float) threshold;
        int blockIndex = decoded == null ? -1 : Arrays.binarySearch(decoded.blockRow(), segmentRow[segment]);
        for (int r = segmentRow[segment]; r < segmentRow[segment + 1]; ) {
            int first = rowStart[r];
            int end;
            float[][] xs;
            if (decoded != null) {
                end = decoded.blockRow()[blockIndex + 1];
                xs = decoded.x()[blockIndex++];
            } else {
                end = blockEnd(r, segmentRow[segment + 1], block);
                xs = buffers.xf();
                decodeFloat(first, rowStart[end] - first, buffers);
            }
            int n = rowStart[end] - first;
            blendFloat(wf, xs, n, s);
            float[] x0 = xs[0];
            for (int j = 0; j < n; j++) {
                largest[j] = Math.abs(x0[j]);
            }
            for (int m = 1; m < models; m++) {
                float[] xm = xs[m];
                for (int j = 0; j < n; j++) {
                    largest[j] = Math.max(largest[j], Math.abs(xm[j]));
                }
            }
            for (int j = 0; j < n; j++) {
                float d = s[j] - tf;
                float away = Math.abs(d) - band; // |s_double - t| >= |d| - band / 2 > away
                if (away > 0) {
                    code[first + j] = (short) (ReferenceBlend.bucket(away / largest[j]) << 1 | (d > 0 ? 1 : 0));
                } else {
                    code[first + j] = (short) (exactBlend(weights, xs, j) > threshold ? 1 : 0);
                }
            }
            r = end;
        }
    }

    /** The double kernel: rows wider than {@link #FLOAT_WIDEST} candidates, or weights too large for float. */
    private double[] rowF2SumsDouble(double[][] weightSets, int[] excludedPart, int[] partOfRow, double threshold,
                                     int from, int to) {
        int sets = weightSets.length;
        Scratch buffers = scratch.get();
        double[] s = buffers.s();
        double[] hits = buffers.hits();
        int block = s.length;
        double[] sums = new double[sets];
        int r = from;
        while (r < to) {
            int first = rowStart[base(r)];
            int end = r + 1;
            while (end < to && base(end) == base(end - 1) + 1 && rowStart[base(end) + 1] - first <= block) {
                end++;
            }
            int n = rowStart[base(end - 1) + 1] - first;
            decode(first, n, buffers); // once for all the weight vectors
            for (int k = 0; k < sets; k++) {
                int excluded = excludedPart == null ? -1 : excludedPart[k];
                blend(weightSets[k], buffers.x(), n, s);
                hits(s, buffers.code(), n, threshold, hits);
                for (int q = r; q < end; q++) {
                    if (excluded >= 0 && partOfRow[q] == excluded) {
                        continue;
                    }
                    int b = base(q);
                    // the row's hit codes sum to predicted + 2^16 tp (exact: small integers in double)
                    double codes = 0;
                    for (int j = rowStart[b] - first, stop = rowStart[b + 1] - first; j < stop; j++) {
                        codes += hits[j];
                    }
                    int counts = (int) codes;
                    int tp = counts >>> 16;
                    // summed row by row in order, as f2 sums them
                    sums[k] += F2Score.rowF2ByCounts(tp, counts & 0xffff, labelCount[b]);
                }
            }
            r = end;
        }
        return sums;
    }

    /**
     * hits[i] = code[i] if s[i] > t, else 0, for i < n, branch-free in a loop the JIT vectorizes: (s - t) is positive
     * exactly when s > t (gradual underflow), scaling it by 2^1074 takes any positive double to at least 1 (or
     * infinity), and clamping to [0, 1] leaves exactly 1 or 0.
     */
    private static void hits(double[] s, double[] code, int n, double t, double[] hits) {
        for (int i = 0; i < n; i++) {
            hits[i] = Math.min(1.0, Math.max(0.0, (s[i] - t) * 0x1p1023 * 0x1p51)) * code[i];
        }
    }

    /** The block's x[m][i] = model m's value at candidate first + i, and code[i] = 1 + 2^16 truth, for i < n. */
    private void decode(int first, int n, Scratch buffers) {
        decode(first, n, buffers.x());
        double[] code = buffers.code();
        for (int i = 0; i < n; i++) {
            code[i] = 1 + 65536 * truth[first + i];
        }
    }

    /** x[m][i] = model m's value at candidate first + i, for i < n. */
    private void decode(int first, int n, double[][] x) {
        float[] half = HALF;
        for (int m = 0; m < models; m++) {
            short[] v = values[m];
            double[] xm = x[m];
            for (int i = 0; i < n; i++) {
                xm[i] = half[v[first + i] & 0xffff];
            }
        }
    }

    /**
     * s[i] = sum_m w_m * x[m][i] for i < n, summed in model order: a separate pass a model over decoded values, which
     * the JIT vectorizes (the table lookups of the decode do not vectorize; mixed in, they kept the sums scalar).
     */
    private static void blend(double[] weights, double[][] x, int n, double[] s) {
        double w0 = weights[0];
        double[] x0 = x[0];
        for (int i = 0; i < n; i++) {
            s[i] = w0 * x0[i];
        }
        for (int m = 1; m < x.length; m++) {
            double w = weights[m];
            double[] xm = x[m];
            for (int i = 0; i < n; i++) {
                s[i] += w * xm[i];
            }
        }
    }

    /** Blend F2 with one threshold per label group (index = the group number given at build time). */
    public double f2(double[] weights, double[] groupThresholds) {
        checkWeights(weights);
        if (groupThresholds.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " group thresholds, got " + groupThresholds.length);
        }
        boolean wide = false;
        for (double t : groupThresholds) {
            checkThreshold(weights, t);
            wide |= t < marginBound(weights);
        }
        return score(weights, groupThresholds, 0, wide);
    }

    /**
     * Rows in blocks of whole rows of at most BLOCK candidates: first the blend of the block, model by model
     * (long loops the JIT vectorizes; s accumulates in model order as a dense blend would), then the counts;
     * {@code wide} adds each row's positions of the tier under the margin.
     */
    private double score(double[] weights, double[] groupThresholds, double threshold, boolean wide) {
        int rows = rowCount;
        if (rows == 0) {
            return 0;
        }
        int segments = segmentRow.length - 1;
        if (groupThresholds == null && !wide) { // one global threshold on the candidates: the vectorized counts
            return candidateF2s(new double[][] {weights}, threshold)[0];
        }
        if (segments == 1) {
            return rowF2Sum(weights, groupThresholds, threshold, wide, 0, rows) / rows;
        }
        // why: fixed segments, partial sums added in segment order, so the result never depends on scheduling
        double[] partial = IntStream.range(0, segments).parallel()
                .mapToDouble(i -> rowF2Sum(weights, groupThresholds, threshold, wide, segmentRow[i], segmentRow[i + 1]))
                .toArray();
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return sum / rows;
    }

    /** Sum of the row F2s of rows [from, to). */
    private double rowF2Sum(double[] weights, double[] groupThresholds, double threshold, boolean wide, int from, int to) {
        int rows = to;
        Scratch buffers = scratch.get();
        double[] s = buffers.s();
        double sum = 0;
        int r = from;
        while (r < rows) {
            // a block: consecutive rows that are consecutive in the arrays, at most s.length candidates
            int first = rowStart[base(r)];
            int end = r + 1;
            while (end < rows && base(end) == base(end - 1) + 1 && rowStart[base(end) + 1] - first <= s.length) {
                end++;
            }
            int n = rowStart[base(end - 1) + 1] - first;
            decode(first, n, buffers.x());
            blend(weights, buffers.x(), n, s); // s = sum_m w_m * x_m
            for (; r < end; r++) {
                int b = base(r);
                int predicted = 0;
                int tp = 0;
                for (int k = rowStart[b], stop = rowStart[b + 1]; k < stop; k++) {
                    double t = groupThresholds == null ? threshold : groupThresholds[group[k]];
                    int hit = s[k - first] > t ? 1 : 0; // branch-free: the outcome is unpredictable
                    predicted += hit;
                    tp += hit & truth[k];
                }
                if (wide) {
                    long counts = belowCounts(weights, groupThresholds, threshold, b);
                    predicted += (int) (counts >>> 32);
                    tp += (int) counts;
                }
                if (tp > 0) { // rowF2(0, fp, fn) == 0
                    sum += F2Score.rowF2ByCounts(tp, predicted, labelCount[b]);
                }
            }
        }
        return sum;
    }

    /** Array row r's predicted positions (high 32 bits) and true positives (low 32 bits) among its positions under the margin. */
    private long belowCounts(double[] weights, double[] groupThresholds, double threshold, int r) {
        short[][] v = below.values();
        float[] half = HALF;
        byte[] t = below.truth();
        byte[] g = below.group();
        int predicted = 0;
        int tp = 0;
        for (int k = below.rowStart()[r], stop = below.rowStart()[r + 1]; k < stop; k++) {
            double s = weights[0] * half[v[0][k] & 0xffff];
            for (int m = 1; m < models; m++) {
                s += weights[m] * half[v[m][k] & 0xffff]; // s = sum_m w_m * x_m, in model order as above
            }
            int hit = s > (groupThresholds == null ? threshold : groupThresholds[g[k]]) ? 1 : 0;
            predicted += hit;
            tp += hit & t[k];
        }
        return ((long) predicted << 32) | tp;
    }

    /**
     * The lowest threshold at which {@code f2} is exact for these weights: floor * sum(w) with the tier under the
     * margin, else margin * sum(w); summed as the blend is.
     */
    public double minExactThreshold(double[] weights) {
        return below == null ? marginBound(weights) : bound(weights, below.floor());
    }

    /** margin * sum(w): from here up the candidates alone are exact. */
    private double marginBound(double[] weights) {
        return bound(weights, margin);
    }

    private static double bound(double[] weights, float floor) {
        double bound = 0;
        for (double w : weights) {
            bound += w * floor;
        }
        return bound;
    }

    /**
     * A view over the given rows only (in that order), e.g. the training or held-out rows of a fold: it shares
     * this evaluator's arrays (its own memory is one int a row) and scores exactly as a copy of those rows would.
     */
    public BlendEvaluator restrictTo(int[] rows) {
        int[] map = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= rowCount) {
                throw new IllegalArgumentException("row " + rows[i] + " outside 0.." + (rowCount - 1));
            }
            map[i] = base(rows[i]);
        }
        return new BlendEvaluator(models, classes, groups, margin, rowStart, values, truth, group, labelCount, below, map,
                false, maxAbs);
    }

    /** The same evaluator without the decoded copy, as an evaluator too large for one scores (for tests). */
    BlendEvaluator decodingEachPass() {
        return new BlendEvaluator(models, classes, groups, margin, rowStart, values, truth, group, labelCount, below, rowMap,
                false, maxAbs);
    }

    public int models() {
        return models;
    }

    public int rows() {
        return rowCount;
    }

    public int classes() {
        return classes;
    }

    public int groups() {
        return groups;
    }

    /** Positions where some model's centered value exceeds this are stored (rounded to float16); 0 by default. */
    public float margin() {
        return margin;
    }

    /** Number of (row, class) candidate positions of this evaluator's rows. */
    public int candidates() {
        return candidateCount;
    }

    /** Number of positions held under the margin (at most {@link #belowPerRow()} a row). */
    public int belowCandidates() {
        return below == null ? 0 : below.truth().length;
    }

    /**
     * Positions offered to the tier while the rows were added (held or not): max_m x_m in (level, margin], the level
     * rising from the tier's lowest margin to the floor reached so far ({@link BlendEvaluatorBuilder#floor()}), so the
     * count depends on how rows were batched; 0 without the tier.
     */
    public long belowOffered() {
        return below == null ? 0 : below.offered();
    }

    /** The most positions under the margin held for one row; 0 without that tier. */
    public int belowPerRow() {
        return below == null ? 0 : below.perRow();
    }

    /** Every position not held has all x_m <= this: the tier's floor, or the margin without the tier. */
    public float belowFloor() {
        return below == null ? margin : below.floor();
    }

    /**
     * Approximate heap held by the arrays, in bytes, the decoded candidates included when kept (a restricted view: the
     * shared arrays plus its row map; it keeps no decoded candidates).
     */
    public long estimatedBytes() {
        long bytes = 2L * models * truth.length + 2L * truth.length + 4L * rowStart.length + 4L * labelCount.length;
        if (below != null) {
            bytes += 2L * models * below.truth().length + 2L * below.truth().length + 4L * below.rowStart().length;
        }
        bytes += decodedBytes();
        return rowMap == null ? bytes : bytes + 4L * rowMap.length;
    }

    /**
     * Bytes of the candidates kept decoded for the float kernel (4 a model and the hit code): at most 128 MiB or a
     * sixteenth of the maximum heap, else 0 (then each pass decodes a block at a time).
     */
    public long decodedBytes() {
        return decoded == null ? 0 : 4L * (models + 1) * truth.length;
    }

    /**
     * The blend at these weights, row by row, for post-processing rules ({@link BlendedRows}): every held position's
     * s = sum_m w_m x_m, summed in model order as {@code f2} sums it. Weights as for {@code f2}.
     */
    public BlendedRows blendedRows(double[] weights) {
        return blendedRows(weights, Integer.MAX_VALUE);
    }

    /**
     * {@link #blendedRows(double[])} for rules whose thresholds are all at least the bound ({@link #minExactThreshold})
     * and whose minLabels are at most {@code fills}: per row and group the positions at or under the bound beyond the
     * first {@code fills} of them (the highest) are left out, which such a rule never reads, so it scores, sweeps and
     * caps exactly as on the whole blend. {@link Integer#MAX_VALUE} keeps every position.
     */
    public BlendedRows blendedRows(double[] weights, int fills) {
        checkWeights(weights);
        int widest = 0;
        long positions = 0;
        for (int r = 0; r < rowCount; r++) {
            int b = base(r);
            int held = rowStart[b + 1] - rowStart[b] + (below == null ? 0 : below.rowStart()[b + 1] - below.rowStart()[b]);
            widest = Math.max(widest, held);
            positions += held;
        }
        BlendedRowsBuilder rows = new BlendedRowsBuilder(groups, rowCount, minExactThreshold(weights),
                Math.toIntExact(positions), fills);
        double[] s = new double[widest];
        byte[] t = new byte[widest];
        byte[] g = new byte[widest];
        for (int r = 0; r < rowCount; r++) {
            int b = base(r);
            int n = 0;
            n = blendInto(weights, values, truth, group, rowStart[b], rowStart[b + 1], s, t, g, n);
            if (below != null) {
                n = blendInto(weights, below.values(), below.truth(), below.group(), below.rowStart()[b],
                        below.rowStart()[b + 1], s, t, g, n);
            }
            rows.addRow(s, t, g, n, labelCount[b]);
        }
        return rows.build();
    }

    /** Approximate heap of {@link #blendedRows} of this evaluator: 12 bytes a held position, 24 a row. */
    public long blendedRowsBytes() {
        long positions = candidateCount;
        for (int r = 0; below != null && r < rowCount; r++) {
            positions += below.rowStart()[base(r) + 1] - below.rowStart()[base(r)];
        }
        return 12 * positions + 24L * rowCount;
    }

    /**
     * Appends positions [from, to) of the arrays at n: s = sum_m w_m * x_m in model order, a loop a model (the positions'
     * sums are independent chains of additions, where one position's seven in a row waited on each other).
     */
    private int blendInto(double[] weights, short[][] v, byte[] truthOf, byte[] groupOf, int from, int to,
                          double[] s, byte[] t, byte[] g, int n) {
        float[] half = HALF;
        int shift = n - from;
        short[] v0 = v[0];
        double w0 = weights[0];
        for (int k = from; k < to; k++) {
            s[k + shift] = w0 * half[v0[k] & 0xffff];
        }
        for (int m = 1; m < models; m++) {
            short[] vm = v[m];
            double wm = weights[m];
            for (int k = from; k < to; k++) {
                s[k + shift] += wm * half[vm[k] & 0xffff];
            }
        }
        System.arraycopy(truthOf, from, t, n, to - from);
        System.arraycopy(groupOf, from, g, n, to - from);
        return n + to - from;
    }

    private void checkWeights(double[] weights) {
        if (weights.length != models) {
            throw new IllegalArgumentException("expected " + models + " weights, got " + weights.length);
        }
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and nonnegative, got " + w);
            }
        }
    }

    private void checkThreshold(double[] weights, double threshold) {
        if (!(threshold >= minExactThreshold(weights))) {
            throw new IllegalArgumentException("threshold " + threshold + " is below " + minExactThreshold(weights)
                    + " (floor x sum of weights, floor " + belowFloor() + "): the positions held cannot score it exactly");
        }
    }
}
