package dev.foldhub.scoring.oof;

import dev.foldhub.scoring.F2Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The errors of a model's (or a blend's) out-of-fold predictions, gathered one train row at a time so no N x C
 * matrix is held: per label support, precision, recall and F2 contribution ({@link LabelErrors}), the rows of
 * lowest F2 ({@link RowErrors}), and the labels train.csv likely misses or gets wrong ({@link SuspectLabel}), judged
 * by every model given. Feed each row once with {@link #addRow}; rows may come in any order (fold by fold).
 */
public final class OofErrors {

    private static final Comparator<RowErrors> BEST_FIRST = Comparator.comparingDouble(RowErrors::rowF2).reversed()
            .thenComparing(Comparator.comparingInt(RowErrors::row).reversed());
    private static final Comparator<SuspectLabel> WEAKEST_FIRST = Comparator.comparingDouble(SuspectLabel::confidence)
            .thenComparing(Comparator.comparingInt(SuspectLabel::row).reversed())
            .thenComparing(Comparator.comparingInt(SuspectLabel::label).reversed());

    private final int classes;
    private final int models;
    private final OofErrorSettings settings;
    private final int[] support;
    private final int[] predicted;
    private final int[] tp;
    private final double[] gain;
    private final boolean[] isTrue;
    private final PriorityQueue<RowErrors> worst = new PriorityQueue<>(BEST_FIRST);
    private final PriorityQueue<SuspectLabel> missing = new PriorityQueue<>(WEAKEST_FIRST);
    private final PriorityQueue<SuspectLabel> wrong = new PriorityQueue<>(WEAKEST_FIRST);
    private double f2Sum;
    private int rows;

    public OofErrors(int classes, int models, OofErrorSettings settings) {
        if (classes < 1 || models < 1) {
            throw new IllegalArgumentException("need at least one class and one model, got " + classes + ", " + models);
        }
        this.classes = classes;
        this.models = models;
        this.settings = settings;
        this.support = new int[classes];
        this.predicted = new int[classes];
        this.tp = new int[classes];
        this.gain = new double[classes];
        this.isTrue = new boolean[classes];
    }

    /**
     * One train row.
     *
     * @param row        its train.csv index
     * @param truth      its true labels
     * @param score      the judged predictions, a label predicted where score &gt; 0 (probability minus threshold)
     * @param probs      probs[m][c]: model m's probability of label c on this row (read, not kept)
     * @param thresholds thresholds[m]: model m's threshold on this row (its fold's)
     */
    public void addRow(int row, int[] truth, float[] score, float[][] probs, float[] thresholds) {
        for (int label : truth) {
            isTrue[label] = true;
        }
        int rowTp = 0;
        int rowPredicted = 0;
        for (int c = 0; c < classes; c++) {
            if (score[c] > 0) {
                rowPredicted++;
                predicted[c]++;
                if (isTrue[c]) {
                    rowTp++;
                    tp[c]++;
                }
            }
        }
        int fp = rowPredicted - rowTp;
        int fn = truth.length - rowTp;
        double f2 = F2Score.rowF2(rowTp, fp, fn);
        // making one false positive right removes it; making one false negative right turns it into a true positive
        double fixFp = fp > 0 ? F2Score.rowF2(rowTp, fp - 1, fn) - f2 : 0;
        double fixFn = fn > 0 ? F2Score.rowF2(rowTp + 1, fp, fn - 1) - f2 : 0;
        for (int c = 0; c < classes; c++) {
            boolean p = score[c] > 0;
            if (isTrue[c]) {
                support[c]++;
                if (!p) {
                    gain[c] += fixFn;
                }
            } else if (p) {
                gain[c] += fixFp;
            }
        }
        f2Sum += f2;
        rows++;
        keepIfWorst(row, f2, truth, score, probs);
        judgeSuspects(row, probs, thresholds);
        for (int label : truth) {
            isTrue[label] = false;
        }
    }

    private void keepIfWorst(int row, double f2, int[] truth, float[] score, float[][] probs) {
        if (settings.worstRows() == 0) {
            return;
        }
        if (worst.size() >= settings.worstRows()) {
            RowErrors best = worst.peek();
            if (f2 > best.rowF2() || (f2 == best.rowF2() && row > best.row())) {
                return;
            }
        }
        List<Integer> predictedLabels = new ArrayList<>();
        List<DisputedLabel> disputed = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            boolean p = score[c] > 0;
            if (p) {
                predictedLabels.add(c);
            }
            if (p != isTrue[c]) {
                disputed.add(new DisputedLabel(c, isTrue[c], column(probs, c)));
            }
        }
        int[] sortedTruth = truth.clone();
        Arrays.sort(sortedTruth);
        worst.add(new RowErrors(row, f2, sortedTruth, predictedLabels.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(disputed)));
        if (worst.size() > settings.worstRows()) {
            worst.poll();
        }
    }

    private void judgeSuspects(int row, float[][] probs, float[] thresholds) {
        if (settings.suspects() == 0) {
            return;
        }
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            int agreeing = 0;
            for (int m = 0; m < models; m++) {
                float p = probs[m][c];
                sum += p;
                // missing: the model is confident; wrong: the model rejects it by more than the margin
                if (isTrue[c] ? p < thresholds[m] - settings.margin() : p >= settings.minConfidence()) {
                    agreeing++;
                }
            }
            double mean = sum / models;
            if (isTrue[c] && agreeing == models) {
                offer(wrong, row, c, agreeing, 1 - mean, probs);
            } else if (!isTrue[c] && agreeing >= settings.minModels()) {
                offer(missing, row, c, agreeing, mean, probs);
            }
        }
    }

    private void offer(PriorityQueue<SuspectLabel> kept, int row, int label, int agreeing, double confidence,
                       float[][] probs) {
        if (kept.size() >= settings.suspects()) {
            SuspectLabel weakest = kept.peek();
            if (WEAKEST_FIRST.compare(new SuspectLabel(row, label, agreeing, confidence, null), weakest) <= 0) {
                return;
            }
        }
        kept.add(new SuspectLabel(row, label, agreeing, confidence, column(probs, label)));
        if (kept.size() > settings.suspects()) {
            kept.poll();
        }
    }

    private float[] column(float[][] probs, int c) {
        float[] column = new float[models];
        for (int m = 0; m < models; m++) {
            column[m] = probs[m][c];
        }
        return column;
    }

    /** Rows added so far. */
    public int rows() {
        return rows;
    }

    /** The sample-averaged F2 of the rows added. */
    public double meanF2() {
        return rows == 0 ? 0 : f2Sum / rows;
    }

    /** Every label's errors, in label order. */
    public List<LabelErrors> labels() {
        List<LabelErrors> out = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            out.add(new LabelErrors(c, support[c], predicted[c], tp[c], predicted[c] == 0 ? 0 : (double) tp[c] / predicted[c],
                    support[c] == 0 ? 0 : (double) tp[c] / support[c], rows == 0 ? 0 : gain[c] / rows));
        }
        return out;
    }

    /** The kept rows, lowest F2 first (ties: lower row first). */
    public List<RowErrors> worstRows() {
        return worst.stream().sorted(BEST_FIRST.reversed()).toList();
    }

    /** Labels most models predict confidently that the rows lack, most confident first. */
    public List<SuspectLabel> likelyMissing() {
        return missing.stream().sorted(WEAKEST_FIRST.reversed()).toList();
    }

    /** Given labels every model rejects, most confident first. */
    public List<SuspectLabel> likelyWrong() {
        return wrong.stream().sorted(WEAKEST_FIRST.reversed()).toList();
    }
}
