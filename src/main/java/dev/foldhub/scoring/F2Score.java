package dev.foldhub.scoring;

/**
 * Sample-averaged F2, exactly as the reference's metrics.F_score with beta = 2: per row
 * TP/FP/FN over the labels, P = TP/(TP+FP+1e-12), R = TP/(TP+FN+1e-12), F2 = 5PR/(4P+R+1e-12), mean over rows.
 */
public final class F2Score {

    private static final double EPS = 1e-12;
    private static final int TABLE_LABELS = 32;
    private static final int TABLE_PREDICTED = 64;
    /** rowF2 of (tp, predicted, labels) at (labels * 32 + tp) * 64 + predicted: a lookup, not three divisions. */
    private static final double[] TABLE = new double[TABLE_LABELS * TABLE_LABELS * TABLE_PREDICTED];

    static {
        for (int labels = 0; labels < TABLE_LABELS; labels++) {
            for (int tp = 1; tp <= labels; tp++) {
                for (int predicted = tp; predicted < TABLE_PREDICTED; predicted++) {
                    TABLE[(labels * TABLE_LABELS + tp) * TABLE_PREDICTED + predicted] =
                            rowF2(tp, predicted - tp, labels - tp);
                }
            }
        }
    }

    private F2Score() {
    }

    /**
     * F2 of row-major probabilities against per-row label indices, predicting a label where p > threshold.
     *
     * @param probabilities rows x classes, row-major
     * @param labels        for each row, the indices of its true labels
     */
    public static double sampleAveraged(float[] probabilities, int[][] labels, int classes, double threshold) {
        int rows = labels.length;
        checkShape(probabilities, rows, classes);
        if (rows == 0) {
            return 0;
        }
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int predicted = 0;
            for (int c = 0; c < classes; c++) {
                if (probabilities[base + c] > threshold) {
                    predicted++;
                }
            }
            int tp = 0;
            for (int label : labels[r]) {
                if (probabilities[base + label] > threshold) {
                    tp++;
                }
            }
            sum += rowF2(tp, predicted - tp, labels[r].length - tp);
        }
        return sum / rows;
    }

    /** One row's F2 from its counts. */
    public static double rowF2(int tp, int fp, int fn) {
        double precision = tp / (tp + fp + EPS);
        double recall = tp / (tp + fn + EPS);
        // F_beta = (1 + b^2) P R / (b^2 P + R), b = 2
        return 5 * precision * recall / (4 * precision + recall + EPS);
    }

    /**
     * {@code rowF2(tp, predicted - tp, labels - tp)}, the same value to the last bit, or 0 when tp is 0: from a table for
     * rows of fewer than 32 labels and 64 predictions (the blend searches' hot path scores every row for every weight
     * vector). Needs 0 <= tp <= min(predicted, labels).
     */
    public static double rowF2ByCounts(int tp, int predicted, int labels) {
        if (labels < TABLE_LABELS && predicted < TABLE_PREDICTED) {
            return TABLE[(labels * TABLE_LABELS + tp) * TABLE_PREDICTED + predicted];
        }
        return tp > 0 ? rowF2(tp, predicted - tp, labels - tp) : 0;
    }

    static void checkShape(float[] probabilities, int rows, int classes) {
        if ((long) rows * classes != probabilities.length) {
            throw new IllegalArgumentException("expected " + rows + " x " + classes + " probabilities, got " + probabilities.length);
        }
    }
}
