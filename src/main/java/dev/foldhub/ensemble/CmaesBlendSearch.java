package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.Arrays;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.hipparchus.random.Well19937c;

/**
 * CMA-ES (Hipparchus) on weights bounded to [0, 1], started at 1/M each with step {@code sigma}, seeded,
 * stopped by CMA-ES's own criteria or the evaluation cap. Its population samples far apart, which copes
 * with F2's piecewise-constant surface better than a shrinking simplex.
 */
public final class CmaesBlendSearch implements BlendSearch {

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
    public BlendResult search(BlendEvaluator evaluator) {
        int models = evaluator.models();
        BlendObjective objective = new BlendObjective(evaluator);
        double[] steps = new double[models];
        Arrays.fill(steps, sigma);
        double[] upper = new double[models];
        Arrays.fill(upper, 1);
        int lambda = populationSize > 0 ? populationSize : 4 + (int) (3 * Math.log(models));
        CMAESOptimizer optimizer = new CMAESOptimizer(Integer.MAX_VALUE, 0, true, 0, 0,
                new Well19937c(seed), false, null);
        return objective.maximize(optimizer, maxEvaluations, objective.equalWeights(), name(),
                new SimpleBounds(new double[models], upper), new CMAESOptimizer.Sigma(steps),
                new CMAESOptimizer.PopulationSize(lambda));
    }
}
