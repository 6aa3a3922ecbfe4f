package dev.foldhub.ensemble;

import java.util.List;
import org.hipparchus.optim.ConvergenceCheckerAndMultiplexer;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimplePointChecker;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * The reference's search: scipy.optimize.minimize(-F2, x0 = 1/M each, method='Nelder-Mead') with weights
 * clipped into [0, 1]. Like scipy: initial simplex x0 and x0 + 5% of x0 along each axis, coefficients
 * (1, 2, 0.5, 0.5), stop when vertices move less than 1e-4 in x and F2 between iterations (scipy: xatol =
 * fatol = 1e-4 over the simplex spread) or at the evaluation cap.
 */
public final class NelderMeadBlendSearch implements BlendSearch {

    private static final double TOLERANCE = 1e-4;
    private final int maxEvaluations;

    public NelderMeadBlendSearch() {
        this(500);
    }

    public NelderMeadBlendSearch(int maxEvaluations) {
        if (maxEvaluations < 2) {
            throw new IllegalArgumentException("maxEvaluations must be at least 2");
        }
        this.maxEvaluations = maxEvaluations;
    }

    @Override
    public String name() {
        return "nelder-mead";
    }

    @Override
    public BlendResult search(BlendScorer scorer) {
        int models = scorer.models();
        BlendObjective objective = new BlendObjective(scorer);
        double[] x0 = objective.equalWeights();
        // scipy's initial simplex: vertex 0 = x0, vertex i = x0 with coordinate i-1 scaled by 1.05
        double[][] simplex = new double[models + 1][models];
        for (int i = 0; i < models; i++) {
            simplex[i + 1][i] = 0.05 * x0[i];
        }
        SimplexOptimizer optimizer = new SimplexOptimizer(new ConvergenceCheckerAndMultiplexer<PointValuePair>(List.of(
                new SimpleValueChecker(-1, TOLERANCE), new SimplePointChecker<>(-1, TOLERANCE))));
        return objective.maximize(optimizer, maxEvaluations, x0, name(), new NelderMeadSimplex(simplex));
    }
}
