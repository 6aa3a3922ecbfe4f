package dev.foldhub.ensemble;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Caruana et al. (2004) ensemble selection with replacement and sorted initialisation: start from the
 * best {@code initialModels} single models, then repeatedly add the model (again allowed) whose extra copy
 * gives the highest F2, even when that is no improvement (as Caruana does: another copy of a model already in
 * refines the ratios, e.g. 1:0 -> 2:0 -> 2:1); stop after {@code patience} additions in a row without a strict
 * improvement, or after {@code maxIterations}, and return the best ensemble seen. Weights = counts / total.
 * Ties go to the lower model index. {@code patience} 1 is the plain "stop at the first non-improvement".
 */
public final class GreedyBlendSearch implements BlendSearch {

    private final int maxIterations;
    private final int initialModels;
    private final int patience;

    public GreedyBlendSearch() {
        this(100, 1, 10);
    }

    public GreedyBlendSearch(int maxIterations, int initialModels, int patience) {
        if (maxIterations < 0 || initialModels < 1 || patience < 1) {
            throw new IllegalArgumentException("need maxIterations >= 0, initialModels >= 1, patience >= 1");
        }
        this.maxIterations = maxIterations;
        this.initialModels = initialModels;
        this.patience = patience;
    }

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public BlendResult search(BlendScorer scorer) {
        int models = scorer.models();
        BlendObjective objective = new BlendObjective(scorer);
        double[][] oneHot = new double[models][models];
        for (int m = 0; m < models; m++) {
            oneHot[m][m] = 1;
        }
        double[] single = objective.f2Each(oneHot);
        int[] counts = new int[models];
        Integer[] order = IntStream.range(0, models).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer m) -> -single[m]).thenComparingInt(m -> m));
        for (int i = 0; i < Math.min(initialModels, models); i++) {
            counts[order[i]] = 1;
        }
        double best = objective.f2(weights(counts, -1));
        int stale = 0;
        for (int iteration = 0; iteration < maxIterations && stale < patience; iteration++) {
            double[][] trials = new double[models][];
            for (int m = 0; m < models; m++) {
                trials[m] = weights(counts, m);
            }
            double[] f2 = objective.f2Each(trials); // the M trials in one pass over the data
            int bestModel = 0;
            double bestF2 = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < models; m++) {
                if (f2[m] > bestF2) {
                    bestF2 = f2[m];
                    bestModel = m;
                }
            }
            counts[bestModel]++;
            stale = bestF2 > best ? 0 : stale + 1;
            best = Math.max(best, bestF2);
        }
        // the objective remembers the best ensemble seen (the first one reaching the best F2)
        return objective.result(name());
    }

    /** counts / total, with one more copy of {@code plus} when it is >= 0. */
    private static double[] weights(int[] counts, int plus) {
        double[] w = new double[counts.length];
        double total = 0;
        for (int m = 0; m < counts.length; m++) {
            w[m] = counts[m] + (m == plus ? 1 : 0);
            total += w[m];
        }
        for (int m = 0; m < w.length; m++) {
            w[m] /= total;
        }
        return w;
    }
}
