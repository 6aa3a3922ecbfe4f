package dev.foldhub.scoring;

import java.util.Arrays;

/**
 * A post-processing rule over one row's blended scores s_c = sum_m w_m (p_m,c - fold threshold), label groups by
 * number. For group g a label is kept when {@code s_c > cut_g}, cut_g = t_g, or with a relative factor k
 * {@code max(t_g, (rowMax + offset) / k - offset)}: the 6th place's p > max(p of the image) / k with p read as
 * s + offset (offset: the blend's mean fold threshold, so s + offset is on the scale of a probability). Then per group
 * at most {@code maxLabels} of the kept ones (the highest), and at least {@code minLabels} (the group's highest, even
 * under the cut). Since each step keeps a top part of the group's scores, the group predicts its K_g highest
 * positions, K_g = min(max(n_g, minLabels_g), maxLabels_g), n_g = #{s_c > cut_g}. Equal scores at the K_g-th place
 * are broken by class number in {@link #predict} (the OOF evaluation cannot tell classes apart: see {@link BlendedRows}).
 *
 * @param thresholds per group t_g (0 everywhere: the reference's rule)
 * @param minLabels  per group, 0 = none
 * @param maxLabels  per group, {@link #NO_MAX} = none
 * @param factor     the relative factor k >= 1, or 0 for no relative rule
 * @param offset     added to s before the relative rule (ignored without it)
 */
public record PostprocessRule(double[] thresholds, int[] minLabels, int[] maxLabels, double factor, double offset) {

    public static final int NO_MAX = Integer.MAX_VALUE;

    public PostprocessRule {
        thresholds = thresholds.clone();
        minLabels = minLabels.clone();
        maxLabels = maxLabels.clone();
        if (minLabels.length != thresholds.length || maxLabels.length != thresholds.length) {
            throw new IllegalArgumentException("need one threshold, minLabels and maxLabels per group");
        }
        for (int g = 0; g < thresholds.length; g++) {
            if (!Double.isFinite(thresholds[g])) {
                throw new IllegalArgumentException("threshold of group " + g + " must be finite");
            }
            if (minLabels[g] < 0 || maxLabels[g] < 1 || minLabels[g] > maxLabels[g]) {
                throw new IllegalArgumentException("group " + g + " needs 0 <= minLabels <= maxLabels, maxLabels >= 1");
            }
        }
        if (!(factor == 0 || (factor >= 1 && Double.isFinite(factor))) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("factor must be 0 (none) or a finite number >= 1, offset finite");
        }
    }

    /** One threshold for every group, nothing else (t = 0: the reference's rule). */
    public static PostprocessRule threshold(int groups, double t) {
        double[] thresholds = new double[groups];
        Arrays.fill(thresholds, t);
        int[] max = new int[groups];
        Arrays.fill(max, NO_MAX);
        return new PostprocessRule(thresholds, new int[groups], max, 0, 0);
    }

    public int groups() {
        return thresholds.length;
    }

    /** The score a label of group g must exceed before the label caps; rowMax = the row's highest score. */
    public double cut(int g, double rowMax) {
        // relative: s + offset > (rowMax + offset) / k
        return factor == 0 ? thresholds[g] : Math.max(thresholds[g], (rowMax + offset) / factor - offset);
    }

    /** n_g: how many of desc[from, to) (sorted descending) exceed the cut. */
    public int above(int g, double[] desc, int from, int to, double rowMax) {
        double cut = cut(g, rowMax);
        int lo = from;
        int hi = to;
        while (lo < hi) { // first index whose score is <= cut
            int mid = (lo + hi) >>> 1;
            if (desc[mid] > cut) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - from;
    }

    /** K_g from n_g: the caps applied, maxLabels first, then minLabels (never more than the group's size). */
    public int predicted(int g, int above, int size) {
        return Math.min(size, Math.min(Math.max(above, minLabels[g]), maxLabels[g]));
    }

    /**
     * The dense rule over one row: scores[offset + c] for each class c, groupOf[c] its group. Returns the predicted
     * classes, ascending. Per group the scores are ranked descending, equal scores by class number.
     */
    public int[] predict(double[] scores, int offset, int[] groupOf) {
        int classes = groupOf.length;
        double rowMax = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            rowMax = Math.max(rowMax, scores[offset + c]);
        }
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        // by group, then score descending, then class ascending
        Arrays.sort(order, (a, b) -> groupOf[a] != groupOf[b] ? Integer.compare(groupOf[a], groupOf[b])
                : scores[offset + a] != scores[offset + b] ? Double.compare(scores[offset + b], scores[offset + a])
                : Integer.compare(a, b));
        double[] desc = new double[classes];
        for (int i = 0; i < classes; i++) {
            desc[i] = scores[offset + order[i]];
        }
        int[] out = new int[classes];
        int n = 0;
        for (int from = 0; from < classes; ) {
            int g = groupOf[order[from]];
            int to = from;
            while (to < classes && groupOf[order[to]] == g) {
                to++;
            }
            if (g >= thresholds.length) {
                throw new IllegalArgumentException("class " + order[from] + " is in group " + g + "; the rule has "
                        + thresholds.length);
            }
            int k = predicted(g, above(g, desc, from, to, rowMax), to - from);
            for (int i = 0; i < k; i++) {
                out[n++] = order[from + i];
            }
            from = to;
        }
        int[] predicted = Arrays.copyOf(out, n);
        Arrays.sort(predicted);
        return predicted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostprocessRule r && Arrays.equals(thresholds, r.thresholds)
                && Arrays.equals(minLabels, r.minLabels) && Arrays.equals(maxLabels, r.maxLabels)
                && Double.compare(factor, r.factor) == 0 && Double.compare(offset, r.offset) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thresholds) * 31 + Arrays.hashCode(maxLabels) + Arrays.hashCode(minLabels);
    }

    @Override
    public String toString() {
        return "PostprocessRule[t=" + Arrays.toString(thresholds) + ", min=" + Arrays.toString(minLabels) + ", max="
                + Arrays.toString(maxLabels) + ", factor=" + factor + ", offset=" + offset + "]";
    }
}
