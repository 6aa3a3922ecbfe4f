package dev.foldhub.scoring;

/**
 * A blend at fixed weights, ready for post-processing rules: per row and label group the blended scores
 * s = sum_m w_m x_m of the positions the evaluator holds (its candidates and its tier under the margin), sorted
 * descending with their truth, plus the row's highest score and number of true labels. A rule is then scored in one
 * pass: per row and group a binary search for n_g and a prefix count of the true labels among the K_g highest.
 *
 * <p>Exactness: every position not held has s <= {@link #bound()} (floor x sum(w), the evaluator's exact bound). A
 * rule's F2 equals the dense per-image computation when every threshold is >= the bound and every label a minLabels
 * fill adds has s > bound ({@link PostprocessScore#exact()}; rows where a fill needs a position not held are
 * counted in {@link PostprocessScore#inexactRows()}). The relative rule's row maximum is then exact too: it only
 * matters when some s exceeds the bound. Equal scores at a cap are ranked false before true (the held positions carry
 * no class number), so ties at the K_g-th place count pessimistically; with continuous scores they do not occur.
 */
public final class BlendedRows {

    private final int groups;
    private final int[] start;
    private final double[] score;
    private final int[] truthsBefore;
    private final double[] rowMax;
    private final int[] labelCount;
    private final double bound;

    BlendedRows(int groups, int[] start, double[] score, int[] truthsBefore, double[] rowMax, int[] labelCount,
                        double bound) {
        this.groups = groups;
        this.start = start;
        this.score = score;
        this.truthsBefore = truthsBefore;
        this.rowMax = rowMax;
        this.labelCount = labelCount;
        this.bound = bound;
    }

    public int rows() {
        return labelCount.length;
    }

    public int groups() {
        return groups;
    }

    /** Every position not held has s at most this. */
    public double bound() {
        return bound;
    }

    /** Positions held, all rows. */
    public int positions() {
        return score.length;
    }

    /** The rule's sample-averaged F2 over all rows. */
    public PostprocessScore score(PostprocessRule rule) {
        return score(rule, null);
    }

    /** The rule's sample-averaged F2 over the given rows (null: all rows). */
    public PostprocessScore score(PostprocessRule rule, int[] rows) {
        if (rule.groups() != groups) {
            throw new IllegalArgumentException("the rule has " + rule.groups() + " groups, the blend " + groups);
        }
        int count = rows == null ? labelCount.length : rows.length;
        double sum = 0;
        int inexact = 0;
        for (int i = 0; i < count; i++) {
            int r = rows == null ? i : rows[i];
            int predicted = 0;
            int tp = 0;
            boolean exact = true;
            for (int g = 0; g < groups; g++) {
                int from = start[r * groups + g];
                int to = start[r * groups + g + 1];
                int above = rule.above(g, score, from, to, rowMax[r]);
                int k = rule.predicted(g, above, to - from);
                if (k > above) { // a minLabels fill: exact when its lowest label beats every position not held
                    exact &= score[from + k - 1] > bound;
                }
                exact &= k >= Math.min(rule.minLabels()[g], rule.maxLabels()[g]);
                predicted += k;
                tp += truthsBefore[from + k] - truthsBefore[from];
            }
            if (!exact) {
                inexact++;
            }
            sum += F2Score.rowF2ByCounts(tp, predicted, labelCount[r]);
        }
        boolean thresholdsExact = true;
        for (double t : rule.thresholds()) {
            thresholdsExact &= t >= bound;
        }
        return new PostprocessScore(count == 0 ? 0 : sum / count, inexact, thresholdsExact);
    }

    /**
     * The rule's F2 for each alternative pair of caps of group g (minLabels[i], maxLabels[i] in place of the rule's), in
     * one pass: per row every group's count above its cut once, then each alternative's K_g. Equal, sum for sum, to
     * {@code score(rule with those caps, rows).f2()}.
     */
    public double[] scoreCaps(PostprocessRule rule, int g, int[] minLabels, int[] maxLabels, int[] rows) {
        if (rule.groups() != groups || g < 0 || g >= groups || minLabels.length != maxLabels.length) {
            throw new IllegalArgumentException("group " + g + ", the rule's " + rule.groups() + " groups or "
                    + minLabels.length + " minima for " + maxLabels.length + " maxima do not fit " + groups + " groups");
        }
        int alternatives = minLabels.length;
        int count = rows == null ? labelCount.length : rows.length;
        double[] sums = new double[alternatives];
        for (int i = 0; i < count; i++) {
            int r = rows == null ? i : rows[i];
            int fixedPredicted = 0;
            int fixedTp = 0;
            int aboveG = 0;
            for (int h = 0; h < groups; h++) {
                int from = start[r * groups + h];
                int to = start[r * groups + h + 1];
                int above = rule.above(h, score, from, to, rowMax[r]);
                if (h == g) {
                    aboveG = above;
                } else {
                    int k = rule.predicted(h, above, to - from);
                    fixedPredicted += k;
                    fixedTp += truthsBefore[from + k] - truthsBefore[from];
                }
            }
            int from = start[r * groups + g];
            int size = start[r * groups + g + 1] - from;
            for (int a = 0; a < alternatives; a++) {
                // K_g as PostprocessRule.predicted computes it: maxLabels first, then minLabels, within the group
                int k = Math.min(size, Math.min(Math.max(aboveG, minLabels[a]), maxLabels[a]));
                int predicted = fixedPredicted + k;
                int tp = fixedTp + truthsBefore[from + k] - truthsBefore[from];
                sums[a] += F2Score.rowF2ByCounts(tp, predicted, labelCount[r]);
            }
        }
        for (int a = 0; a < alternatives; a++) {
            sums[a] = count == 0 ? 0 : sums[a] / count;
        }
        return sums;
    }

    /**
     * The rule's F2 for each threshold of an ascending grid put in place of group g's (g = -1: of every group's), in
     * one pass: per row the other groups' counts once, then a pointer per moved group walks down its sorted scores as
     * the grid rises, and a row's F2 is recomputed only where its K_g changes. Equal, sum for sum, to
     * {@code score(rule with those thresholds, rows).f2()} (rows in the same order, the same row F2s).
     */
    public double[] sweep(PostprocessRule rule, int g, double[] grid, int[] rows) {
        if (rule.groups() != groups || g < -1 || g >= groups) {
            throw new IllegalArgumentException("group " + g + " or the rule's " + rule.groups() + " groups do not fit "
                    + groups);
        }
        for (int i = 1; i < grid.length; i++) {
            if (!(grid[i] > grid[i - 1])) {
                throw new IllegalArgumentException("the grid must be strictly ascending");
            }
        }
        int count = rows == null ? labelCount.length : rows.length;
        double[] sums = new double[grid.length];
        int[] pointer = new int[groups];
        for (int i = 0; i < count; i++) {
            int r = rows == null ? i : rows[i];
            int fixedPredicted = 0;
            int fixedTp = 0;
            for (int h = 0; h < groups; h++) {
                if (g >= 0 && h != g) {
                    int from = start[r * groups + h];
                    int to = start[r * groups + h + 1];
                    int k = rule.predicted(h, rule.above(h, score, from, to, rowMax[r]), to - from);
                    fixedPredicted += k;
                    fixedTp += truthsBefore[from + k] - truthsBefore[from];
                } else {
                    pointer[h] = start[r * groups + h + 1]; // one past the last score > cut, moving down
                }
            }
            // relative cut: s + offset > (rowMax + offset) / k, as PostprocessRule.cut computes it
            double relative = rule.factor() == 0 ? 0 : (rowMax[r] + rule.offset()) / rule.factor() - rule.offset();
            // why: the counts only change where the cut passes a score, so the row's F2 is added to whole runs of grid
            // points at once (the same additions, row by row, as one grid point at a time)
            int j = 0;
            while (j < grid.length) {
                double cut = rule.factor() == 0 ? grid[j] : Math.max(grid[j], relative);
                int predicted = fixedPredicted;
                int tp = fixedTp;
                int next = grid.length; // the first grid point past j where a pointer moves again
                for (int h = 0; h < groups; h++) {
                    if (g < 0 || h == g) {
                        int from = start[r * groups + h];
                        int p = pointer[h];
                        while (p > from && !(score[p - 1] > cut)) {
                            p--;
                        }
                        pointer[h] = p;
                        int k = rule.predicted(h, p - from, start[r * groups + h + 1] - from);
                        predicted += k;
                        tp += truthsBefore[from + k] - truthsBefore[from];
                        if (p > from) {
                            // score[p - 1] > cut here and > relative, so the cut reaches it at the first grid value >= it
                            next = Math.min(next, firstAtLeast(grid, j + 1, score[p - 1]));
                        }
                    }
                }
                if (tp > 0) {
                    double f2 = F2Score.rowF2ByCounts(tp, predicted, labelCount[r]);
                    for (int q = j; q < next; q++) {
                        sums[q] += f2;
                    }
                }
                j = next;
            }
        }
        for (int j = 0; j < sums.length; j++) {
            sums[j] = count == 0 ? 0 : sums[j] / count;
        }
        return sums;
    }

    /** The first index i >= from with grid[i] >= value (grid ascending), or grid.length. */
    private static int firstAtLeast(double[] grid, int from, double value) {
        int lo = from;
        int hi = grid.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (grid[mid] >= value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
