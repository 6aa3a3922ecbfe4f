package dev.foldhub.training.loop;

import java.util.Random;

/**
 * The reference's batch mixup (train.py mixup): lambda ~ Beta(a, a), partner = the batch rolled by a uniform
 * shift in [1, n - 1], x = lambda x + (1 - lambda) x[partner], the same for the targets.
 * Beta(a, a) = G1 / (G1 + G2) with G ~ Gamma(a, 1) drawn by Marsaglia-Tsang (boosted by U^(1/a) for a < 1).
 */
final class Mixup {

    private Mixup() {
    }

    /** Mixes rows of images (n rows of imageLength) and targets (n rows) in place; returns lambda. */
    static double mix(float[] images, float[] targets, int n, double betaA, Random random) {
        double lambda = beta(betaA, random);
        if (n < 2) {
            return lambda;
        }
        int shift = 1 + random.nextInt(n - 1); // np.random.randint(1, n)
        mixRows(images, n, lambda, shift);
        mixRows(targets, n, lambda, shift);
        return lambda;
    }

    /** row i becomes lambda row i + (1 - lambda) row (i - shift) mod n, as np.roll(arange(n), shift). */
    static void mixRows(float[] rows, int n, double lambda, int shift) {
        int len = rows.length / n;
        float[] source = rows.clone();
        for (int i = 0; i < n; i++) {
            int partner = Math.floorMod(i - shift, n);
            for (int k = 0; k < len; k++) {
                rows[i * len + k] = (float) (lambda * source[i * len + k] + (1 - lambda) * source[partner * len + k]);
            }
        }
    }

    static double beta(double a, Random random) {
        double g1 = gamma(a, random);
        double g2 = gamma(a, random);
        return g1 / (g1 + g2);
    }

    static double gamma(double a, Random random) {
        if (a < 1) {
            return gamma(a + 1, random) * Math.pow(random.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
