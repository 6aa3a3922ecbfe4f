package dev.foldhub.dataset;

import java.util.Random;

/**
 * The reference solution's {@code make_folds}: rows in a seeded shuffle each go to the fold that has
 * seen their rarest label least, ties broken by a generator seeded with the row index.
 * Deterministic but not bit-identical to numpy/pandas; upload the reference's folds.npy for its exact split.
 */
final class StratifiedFoldAssigner {

    static final long SHUFFLE_SEED = 42;

    private StratifiedFoldAssigner() {
    }

    /**
     * @param rowLabels  class indices of each row, in the row's own order (ties go to the first)
     * @param numClasses classes are 0..numClasses-1
     * @param k          number of folds, 2..255
     * @return the fold of each row, one unsigned byte per row
     */
    static byte[] assign(int[][] rowLabels, int numClasses, int k) {
        if (k < 2 || k > 255) {
            throw new IllegalArgumentException("k must be in 2..255, was " + k);
        }
        int n = rowLabels.length;
        int[] clsCounts = new int[numClasses];
        for (int[] labels : rowLabels) {
            for (int c : labels) {
                clsCounts[c]++;
            }
        }
        int[] order = shuffled(n);
        int[][] foldClsCounts = new int[k][numClasses];
        byte[] folds = new byte[n];
        int[] candidates = new int[k];
        for (int row : order) {
            int[] labels = rowLabels[row];
            int cls = labels[0];
            for (int c : labels) {
                if (clsCounts[c] < clsCounts[cls]) { // strict: the first rarest label wins ties
                    cls = c;
                }
            }
            int min = Integer.MAX_VALUE;
            for (int f = 0; f < k; f++) {
                min = Math.min(min, foldClsCounts[f][cls]);
            }
            int m = 0;
            for (int f = 0; f < k; f++) {
                if (foldClsCounts[f][cls] == min) {
                    candidates[m++] = f;
                }
            }
            int fold = candidates[new Random(row).nextInt(m)]; // random.seed(row.index); random.choice(...)
            folds[row] = (byte) fold;
            for (int c : labels) {
                foldClsCounts[fold][c]++;
            }
        }
        return folds;
    }

    /** 0..n-1 in a Fisher–Yates shuffle seeded with 42 (the reference's df.sample(frac=1, random_state=42)). */
    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(SHUFFLE_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
