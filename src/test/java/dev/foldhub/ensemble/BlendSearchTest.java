package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three models with a known best blend: model 0 accurate, model 1 a noisier copy (shares most of model 0's
 * noise, weaker signal), model 2 pure noise that predicts many random classes. The optimum is found by
 * brute force over the weight simplex in steps of 0.02.
 */
class BlendSearchTest {

    private static BlendProblem problem;
    private static double optimum;

    @BeforeAll
    static void knownProblem() {
        problem = SyntheticBlendData.generate(1500, 40, new double[] {3.0, 2.2, 0}, new double[] {2.0, 1.8, 1.2},
                new double[] {0.5, 0.5, 0}, 5, 7L);
        BlendEvaluator evaluator = problem.evaluator();
        optimum = 0;
        for (int i = 0; i <= 50; i++) {
            for (int j = 0; i + j <= 50; j++) {
                optimum = Math.max(optimum, evaluator.f2(new double[] {i / 50.0, j / 50.0, (50 - i - j) / 50.0}, 0));
            }
        }
    }

    private static void assertNearOptimum(BlendResult result) {
        double[] w = result.weights();
        assertThat(result.f2()).as(result.method()).isGreaterThan(optimum - 0.002);
        assertThat(w[2]).as("noise weight of " + result.method()).isLessThan(0.02);
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1, within(1e-12));
        assertThat(result.f2()).isEqualTo(problem.evaluator().f2(w, 0));
    }

    @Test
    void greedyFindsTheKnownOptimumAndDropsTheNoiseModel() {
        // guards: Caruana selection with replacement refines ratios beyond the best single model
        assertNearOptimum(new GreedyBlendSearch().search(problem.evaluator()));
    }

    @Test
    void nelderMeadFindsTheKnownOptimumAndDropsTheNoiseModel() {
        // guards: the reference's search, with clipping to [0, 1], reaches the optimum from 1/M each
        assertNearOptimum(new NelderMeadBlendSearch().search(problem.evaluator()));
    }

    @Test
    void cmaesFindsTheKnownOptimumAndDropsTheNoiseModel() {
        // guards: bounded, seeded CMA-ES reaches the optimum
        assertNearOptimum(new CmaesBlendSearch().search(problem.evaluator()));
    }

    @Test
    void autoKeepsTheBestOfTheSearchesAndPrefersTheEarlierOnTies() {
        // guards: auto's choice rule and its summed cost
        List<BlendResult> all = new AutoBlendSearch().searchAll(problem.evaluator());
        BlendResult auto = AutoBlendSearch.best(all);
        double top = all.stream().mapToDouble(BlendResult::f2).max().orElseThrow();
        assertThat(auto.f2()).isEqualTo(top);
        assertThat(auto.method()).isEqualTo("auto:" + all.stream().filter(r -> r.f2() == top).findFirst().orElseThrow().method());
        assertThat(auto.evaluations()).isEqualTo(all.stream().mapToInt(BlendResult::evaluations).sum());
        BlendResult tie = AutoBlendSearch.best(List.of(
                new BlendResult("greedy", new double[] {1, 0, 0}, 0.5, 1, 0),
                new BlendResult("cmaes", new double[] {0, 1, 0}, 0.5, 1, 0)));
        assertThat(tie.method()).isEqualTo("auto:greedy");
        assertNearOptimum(new AutoBlendSearch().search(problem.evaluator()));
    }

    @Test
    void searchesAreDeterministic() {
        // guards: a fixed seed gives the same weights run after run
        for (BlendSearch search : List.of(new GreedyBlendSearch(), new NelderMeadBlendSearch(), new CmaesBlendSearch())) {
            assertThat(search.search(problem.evaluator()).weights()).isEqualTo(search.search(problem.evaluator()).weights());
        }
    }

    @Test
    void evaluationCapsAreRespected() {
        // guards: a capped search stops, keeps its best point, and counts the final rescoring
        BlendResult nm = new NelderMeadBlendSearch(20).search(problem.evaluator());
        BlendResult cmaes = new CmaesBlendSearch(30, 1L, 0.3, 0).search(problem.evaluator());
        assertThat(nm.evaluations()).isLessThanOrEqualTo(21);
        assertThat(cmaes.evaluations()).isLessThanOrEqualTo(31);
        assertThat(nm.f2()).isGreaterThan(0);
    }

    @Test
    void cmaesStopsWhenTheF2HasNotMovedForManyGenerations() {
        // guards CMA-ES's stall stop: three copies of one model score the same F2 for every nonzero weights, so the
        // search ends after 1 + STALL_GENERATIONS generations without gain instead of spending its whole evaluation cap
        float[] x = new float[200 * 10];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() - 0.6);
        }
        int[][] labels = new int[200][];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = random.ints(0, 10).distinct().limit(1 + random.nextInt(3)).sorted().toArray();
        }
        BlendEvaluator flat = dev.foldhub.scoring.BlendEvaluatorBuilder.of(List.of(x, x, x), labels, 10, null, 0f);
        BlendResult result = new CmaesBlendSearch(600, 42L, 0.3, 0).search(flat);
        int lambda = 4 + (int) (3 * Math.log(3));
        int flatGenerations = 1 + CmaesBlendSearch.STALL_GENERATIONS;
        assertThat(result.evaluations()).isEqualTo(flatGenerations * lambda + 1); // + the final rescoring
        assertThat(result.f2()).isEqualTo(flat.f2(new double[] {1, 0, 0}, 0));
    }

    @Test
    void nestedCvIsCloseToButNotAboveTheInSampleScore() {
        // guards: held-out folds are scored with weights fitted without them, pooled over rows
        BlendResult inSample = new GreedyBlendSearch().search(problem.evaluator());
        NestedCvResult nested = new NestedCv(new GreedyBlendSearch()).run(problem);
        assertThat(nested.folds()).containsExactly(0, 1, 2, 3, 4);
        assertThat(nested.pooledF2()).isLessThanOrEqualTo(inSample.f2() + 1e-3).isGreaterThan(inSample.f2() - 0.02);
        assertThat(nested.meanFoldF2()).isCloseTo(nested.pooledF2(), within(0.01));
        for (BlendResult fit : nested.fits()) {
            assertThat(fit.weights()[2]).isLessThan(0.02);
        }
    }

    @Test
    void thresholdTuningNeverLosesToThresholdZero() {
        // guards: tuned thresholds only move on a strict improvement and report their true F2
        BlendEvaluator evaluator = problem.evaluator();
        double[] w = new GreedyBlendSearch().search(evaluator).weights();
        TunedThresholds tuned = new ThresholdTuning().tune(evaluator, w);
        assertThat(tuned.plainF2()).isEqualTo(evaluator.f2(w, 0));
        assertThat(tuned.threshold()).isGreaterThanOrEqualTo(evaluator.minExactThreshold(w));
        assertThat(tuned.thresholdF2()).isGreaterThanOrEqualTo(tuned.plainF2()).isEqualTo(evaluator.f2(w, tuned.threshold()));
        assertThat(tuned.groupF2()).isGreaterThanOrEqualTo(tuned.thresholdF2())
                .isEqualTo(evaluator.f2(w, tuned.groupThresholds()));
        assertThat(tuned.groupThresholds()).hasSize(2);
    }
}
