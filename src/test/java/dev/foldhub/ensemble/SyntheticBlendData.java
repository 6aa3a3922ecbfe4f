package dev.foldhub.ensemble;

import dev.foldhub.experiment.SyntheticLevel1Files;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * An iMet-like synthetic OOF problem, streamed row by row into the evaluator (the dense M x N x C
 * matrices never exist). Labels: 1 + ~Poisson(3.5) distinct classes a row, long-tailed (Zipf-like)
 * class frequencies; the first 36% of classes are group 0 ("culture"), the rest group 1 ("tag").
 * Model m's score: {@code q_m * y + sqrt(rho_m) * shared + sqrt(1 - rho_m) * own_m}; its centered value
 * is {@code sigmoid(score - tau_m + logit(a)) - t}, a probability calibrated so that a (0.2 by default) is where
 * the model starts predicting, minus a fold threshold t (a by default; t < a: the same probabilities with a lower
 * threshold than the models' own). Built as production builds it ({@link BlendProblemLoader#newBuilder}).
 */
final class SyntheticBlendData {

    private static final int TABLE_BITS = 16;
    private static final double THRESHOLD = 0.2;

    private SyntheticBlendData() {
    }

    /**
     * @param quality  signal strength q_m of each model (0 = pure noise)
     * @param tau      score at which each model starts predicting
     * @param shared   fraction rho_m of each model's noise shared with the others
     */
    static BlendProblem generate(int rows, int classes, double[] quality, double[] tau, double[] shared,
                                 int folds, long seed) {
        return generate(rows, classes, quality, tau, shared, folds, seed, THRESHOLD, THRESHOLD);
    }

    /**
     * @param calibration   the probability at which the models start predicting (their score tau), 0.2 by default
     * @param foldThreshold the fold threshold subtracted from every probability: equal to calibration, models
     *                      whose F2-tuned threshold it is; below it, the same probabilities with a lower threshold
     */
    static BlendProblem generate(int rows, int classes, double[] quality, double[] tau, double[] shared,
                                 int folds, long seed, double calibration, double foldThreshold) {
        int models = quality.length;
        SplittableRandom random = new SplittableRandom(seed);
        // why: a cache-sized table of normals indexed by random bits is far faster than nextGaussian for ~10^9 draws
        float[] normals = new float[1 << TABLE_BITS];
        Random gaussian = new Random(seed);
        for (int i = 0; i < normals.length; i++) {
            normals[i] = (float) gaussian.nextGaussian();
        }
        double[] cumulative = new double[classes];
        double total = 0;
        for (int c = 0; c < classes; c++) {
            total += Math.pow(c + 20, -0.9);
            cumulative[c] = total;
        }
        int[] labelGroup = new int[classes];
        for (int c = 0; c < classes; c++) {
            labelGroup[c] = c < Math.round(classes * 398.0 / 1103) ? 0 : 1;
        }
        double[] a = new double[models];
        double[] b = new double[models];
        for (int m = 0; m < models; m++) {
            a[m] = Math.sqrt(shared[m]);
            b[m] = Math.sqrt(1 - shared[m]);
        }
        double logit = Math.log(calibration / (1 - calibration));
        BlendEvaluatorBuilder builder = BlendProblemLoader.newBuilder(models, classes, labelGroup);
        // a position matters only where some model's centered value exceeds the lowest margin kept
        double dNeeded = logitOf(foldThreshold + BlendProblemLoader.BELOW_MARGIN) - logit;
        float[][] row = new float[models][classes];
        boolean[] isLabel = new boolean[classes];
        int[] foldOfRow = new int[rows];
        int mask = (1 << TABLE_BITS) - 1;
        for (int r = 0; r < rows; r++) {
            int[] labels = SyntheticLevel1Files.drawLabels(random, cumulative, total, classes);
            for (int label : labels) {
                isLabel[label] = true;
            }
            for (int c = 0; c < classes; c++) {
                long bits = random.nextLong();
                double z0 = normals[(int) bits & mask];
                double y = isLabel[c] ? 1 : 0;
                double dMax = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < models; m++) {
                    if (m % 2 == 1) {
                        bits = random.nextLong();
                    }
                    double own = normals[(int) (bits >>> (TABLE_BITS * (1 + m % 2))) & mask];
                    // d = q y + sqrt(rho) shared + sqrt(1 - rho) own - tau
                    double d = quality[m] * y + a[m] * z0 + b[m] * own - tau[m];
                    row[m][c] = (float) d;
                    dMax = Math.max(dMax, d);
                }
                boolean any = dMax > dNeeded;
                for (int m = 0; m < models; m++) {
                    // centered = sigmoid(d + logit(calibration)) - t; only needed where some model may be kept
                    row[m][c] = any ? (float) (1 / (1 + Math.exp(-(row[m][c] + logit))) - foldThreshold) : -1f;
                }
            }
            for (int label : labels) {
                isLabel[label] = false;
            }
            builder.addRow(row, 0, labels);
            foldOfRow[r] = random.nextInt(folds);
        }
        List<String> names = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            names.add("model" + m);
        }
        return new BlendProblem(builder.build(), names, foldOfRow);
    }

    /** logit(p), -infinity for p <= 0 (then every position is needed). */
    private static double logitOf(double p) {
        return p <= 0 ? Double.NEGATIVE_INFINITY : Math.log(p / (1 - p));
    }
}
