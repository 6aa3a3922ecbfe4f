package dev.foldhub.scoring;

import java.util.Arrays;

/**
 * The reference's validation: try every threshold of a grid, keep the first one with the highest
 * sample-averaged F2. Each row is scanned once; only its probabilities above the grid's lowest
 * threshold are kept (sorted), so each grid point costs a few comparisons per row, not a full row scan.
 */
public final class ThresholdSearch {

    private ThresholdSearch() {
    }

    public static ThresholdChoice best(float[] probabilities, int[][] labels, int classes, ThresholdGrid grid) {
        int rows = labels.length;
        F2Score.checkShape(probabilities, rows, classes);
        double[] thresholds = grid.values();
        double[] f2Sums = new double[thresholds.length];
        double lowest = thresholds[0];
        float[] above = new float[classes];
        float[] aboveTrue = new float[classes];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int n = 0;
            for (int c = 0; c < classes; c++) {
                float p = probabilities[base + c];
                if (p > lowest) {
                    above[n++] = p;
                }
            }
            int nTrue = 0;
            for (int label : labels[r]) {
                float p = probabilities[base + label];
                if (p > lowest) {
                    aboveTrue[nTrue++] = p;
                }
            }
            Arrays.sort(above, 0, n);
            Arrays.sort(aboveTrue, 0, nTrue);
            int i = 0;
            int j = 0;
            for (int t = 0; t < thresholds.length; t++) {
                double threshold = thresholds[t];
                while (i < n && above[i] <= threshold) {
                    i++;
                }
                while (j < nTrue && aboveTrue[j] <= threshold) {
                    j++;
                }
                int predicted = n - i;
                int tp = nTrue - j;
                f2Sums[t] += F2Score.rowF2(tp, predicted - tp, labels[r].length - tp);
            }
        }
        int best = 0;
        for (int t = 1; t < thresholds.length; t++) {
            if (f2Sums[t] > f2Sums[best]) {
                best = t;
            }
        }
        return new ThresholdChoice(thresholds[best], rows == 0 ? 0 : f2Sums[best] / rows);
    }
}
