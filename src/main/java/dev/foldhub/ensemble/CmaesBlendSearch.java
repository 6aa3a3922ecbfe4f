package dev.foldhub.ensemble;

import java.util.Arrays;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * CMA-ES ((mu/mu_w, lambda), Hansen's tutorial settings) on weights in [0, 1], started at 1/M each with step
 * {@code sigma}, seeded: each generation of lambda samples is scored in one pass ({@link BlendScorer#f2Each}). A sample
 * outside [0, 1] is scored at its clipped point, ranked with a penalty of its distance from it (L1) times the
 * generation's range of F2 (as Hipparchus repairs bounds), so the search stays near the box and can settle on its faces
 * (zero weights). Stops at the evaluation cap (no generation is cut short), when the step has collapsed, or when the
 * best F2 seen has gained less than {@link #STALL_GAIN} over the last {@link #STALL_GENERATIONS} generations
 * (half the reference's Nelder–Mead tolerance, fatol = 1e-4: on the iMet-scale synthetic problem the run then stops at
 * about 380 evaluations, 4e-5 short of a run to the 600 cap, far below the spread of nested CV). Its population
 * samples far apart, which copes with F2's piecewise-constant surface better than a shrinking simplex.
 */
public final class CmaesBlendSearch implements BlendSearch {

    /** Stop when the best F2 seen gained less than this over the last STALL_GENERATIONS generations. */
    static final double STALL_GAIN = 5e-5;
    static final int STALL_GENERATIONS = 10;

    private final int maxEvaluations;
    private final long seed;
    private final double sigma;
    private final int populationSize;

    public CmaesBlendSearch() {
        this(600, 42L, 0.3, 0);
    }

    /** @param populationSize 0 for CMA-ES's default 4 + 3 ln(M) */
    public CmaesBlendSearch(int maxEvaluations, long seed, double sigma, int populationSize) {
        if (maxEvaluations < 1 || !(sigma > 0 && sigma <= 1) || populationSize < 0) {
            throw new IllegalArgumentException("need maxEvaluations >= 1, 0 < sigma <= 1, populationSize >= 0");
        }
        this.maxEvaluations = maxEvaluations;
        this.seed = seed;
        this.sigma = sigma;
        this.populationSize = populationSize;
    }

    @Override
    public String name() {
        return "cmaes";
    }

    @Override
    public BlendResult search(BlendScorer scorer) {
        int n = scorer.models();
        BlendObjective objective = new BlendObjective(scorer);
        int lambda = Math.max(2, populationSize > 0 ? populationSize : 4 + (int) (3 * Math.log(n)));
        int mu = lambda / 2;
        double[] w = new double[mu];
        double wSum = 0;
        for (int i = 0; i < mu; i++) {
            w[i] = Math.log(mu + 0.5) - Math.log(i + 1); // w_i = ln(mu + 1/2) - ln(i), i from 1
            wSum += w[i];
        }
        double wSquares = 0;
        for (int i = 0; i < mu; i++) {
            w[i] /= wSum;
            wSquares += w[i] * w[i];
        }
        double muEff = 1 / wSquares;
        double cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        double cs = (muEff + 2) / (n + muEff + 5);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        double cmu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        double damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
        double chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n)); // E||N(0, I)||
        double[] mean = objective.equalWeights();
        double step = sigma;
        double[] pc = new double[n];
        double[] ps = new double[n];
        double[][] c = identity(n);
        double[][] b = identity(n);
        double[] d = new double[n];
        Arrays.fill(d, 1);
        Random random = new Random(seed);
        double[] bestSeen = new double[STALL_GENERATIONS + 1]; // the best F2 seen by the end of each recent generation
        double seen = Double.NEGATIVE_INFINITY;
        for (int generation = 0; objective.evaluations() + lambda <= maxEvaluations; generation++) {
            double[][] x = new double[lambda][n];
            double[][] inBox = new double[lambda][n];
            double[] penalty = new double[lambda];
            sample(random, b, d, mean, step, x, inBox, penalty);
            double[] f2 = objective.f2Each(inBox); // the generation in one pass
            double lowest = Double.POSITIVE_INFINITY;
            double highest = Double.NEGATIVE_INFINITY;
            for (double v : f2) {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
            seen = Math.max(seen, highest);
            bestSeen[generation % bestSeen.length] = seen;
            // a stall (Hansen's TolFun with a tolerance for F2's flat steps): the search has settled on a step
            if (generation >= STALL_GENERATIONS
                    && seen - bestSeen[(generation - STALL_GENERATIONS) % bestSeen.length] < STALL_GAIN) {
                break;
            }
            double[] fitness = new double[lambda];
            for (int k = 0; k < lambda; k++) {
                // minimized: -F2 plus the distance outside the box in units of the generation's F2 range
                fitness[k] = -f2[k] + penalty[k] * (highest - lowest);
            }
            int[] order = ranked(fitness);
            double[] old = mean.clone();
            mean = new double[n];
            for (int i = 0; i < mu; i++) {
                for (int j = 0; j < n; j++) {
                    mean[j] += w[i] * x[order[i]][j];
                }
            }
            double[] yw = new double[n];
            for (int j = 0; j < n; j++) {
                yw[j] = (mean[j] - old[j]) / step;
            }
            // ps = (1 - cs) ps + sqrt(cs (2 - cs) muEff) C^(-1/2) yw, with C^(-1/2) = B D^-1 B^T
            double[] bty = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    bty[j] += b[i][j] * yw[i];
                }
                bty[j] /= d[j];
            }
            double psNorm = 0;
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int j = 0; j < n; j++) {
                    v += b[i][j] * bty[j];
                }
                ps[i] = (1 - cs) * ps[i] + Math.sqrt(cs * (2 - cs) * muEff) * v;
                psNorm += ps[i] * ps[i];
            }
            psNorm = Math.sqrt(psNorm);
            boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (generation + 1))) / chiN < 1.4 + 2.0 / (n + 1);
            for (int i = 0; i < n; i++) {
                pc[i] = (1 - cc) * pc[i] + (hsig ? Math.sqrt(cc * (2 - cc) * muEff) * yw[i] : 0);
            }
            // C = (1 - c1 - cmu) C + c1 (pc pc^T + (1 - hsig) cc (2 - cc) C) + cmu sum_i w_i y_i y_i^T
            double keep = 1 - c1 - cmu + (hsig ? 0 : c1 * cc * (2 - cc));
            updateCovariance(c, keep, c1, pc, cmu, w, x, order, old, step);
            step *= Math.exp(cs / damps * (psNorm / chiN - 1));
            double widest = decompose(c, d, b);
            if (!(step * widest > 1e-9) || !Double.isFinite(step)) {
                break; // the samples no longer move: converged (or numerically broken, then keep the best seen)
            }
        }
        return objective.result(name());
    }

    // why: the generation's steps are small methods of their own (and the ranking a plain sort, not a boxed stream), so
    // the JIT compiles each alone instead of one large unit at every first blend after a start (about 0.5 s of a
    // compiler thread each time, on a 2-core server)

    /** lambda samples x = mean + step B D z (z ~ N(0, I), drawn in order), each clipped to [0, 1] and its L1 penalty. */
    private static void sample(Random random, double[][] b, double[] d, double[] mean, double step, double[][] x,
                               double[][] inBox, double[] penalty) {
        int n = mean.length;
        double[] z = new double[n];
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < n; i++) {
                z[i] = random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int j = 0; j < n; j++) {
                    y += b[i][j] * d[j] * z[j]; // y = B D z ~ N(0, C)
                }
                x[k][i] = mean[i] + step * y;
                inBox[k][i] = Math.min(1, Math.max(0, x[k][i]));
                penalty[k] += Math.abs(x[k][i] - inBox[k][i]);
            }
        }
    }

    /** The sample indices by ascending fitness, equal ones by index (a stable insertion sort, Double.compare's order). */
    static int[] ranked(double[] fitness) {
        int[] order = new int[fitness.length];
        for (int i = 0; i < order.length; i++) {
            int k = i;
            while (k > 0 && Double.compare(fitness[order[k - 1]], fitness[i]) > 0) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = i;
        }
        return order;
    }

    /** C = keep C + c1 pc pc^T + cmu sum_k w_k y_k y_k^T, y_k = (x_k - old) / step over the mu best samples. */
    private static void updateCovariance(double[][] c, double keep, double c1, double[] pc, double cmu, double[] w,
                                         double[][] x, int[] order, double[] old, double step) {
        int n = c.length;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) { // the upper triangle, mirrored: C stays exactly symmetric
                double rankMu = 0;
                for (int k = 0; k < w.length; k++) {
                    double[] xk = x[order[k]];
                    rankMu += w[k] * (xk[i] - old[i]) * (xk[j] - old[j]) / (step * step);
                }
                c[i][j] = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
                c[j][i] = c[i][j];
            }
        }
    }

    /** C = B D^2 B^T: d the square roots of the eigenvalues (at least 1e-10), b's columns the eigenvectors; max d. */
    private static double decompose(double[][] c, double[] d, double[][] b) {
        int n = c.length;
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(c, false));
        double[] values = eigen.getEigenvalues();
        double widest = 0;
        for (int j = 0; j < n; j++) {
            d[j] = Math.sqrt(Math.max(values[j], 1e-20));
            widest = Math.max(widest, d[j]);
            for (int i = 0; i < n; i++) {
                b[i][j] = eigen.getEigenvector(j).getEntry(i);
            }
        }
        return widest;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }
}
