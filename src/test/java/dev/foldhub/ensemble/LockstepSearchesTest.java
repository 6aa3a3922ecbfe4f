package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Searches run side by side, scored in shared passes, find what each finds alone. */
class LockstepSearchesTest {

    private static final BlendProblem PROBLEM = SyntheticBlendData.generate(1500, 40,
            new double[] {3.0, 2.2, 1.5, 0}, new double[] {2.0, 1.8, 1.9, 1.2}, new double[] {0.5, 0.5, 0.3, 0}, 5, 11L);

    @Test
    void autoInLockstepFindsWhatEachOfItsSearchesFindsAlone() {
        // guards: greedy, Nelder-Mead and CMA-ES side by side take the same path (weights, evaluations) as one by one
        BlendEvaluator evaluator = PROBLEM.evaluator();
        AutoBlendSearch auto = new AutoBlendSearch();
        List<BlendResult> together = auto.searchAll(evaluator);
        List<BlendSearch> parts = auto.parts();
        for (int i = 0; i < parts.size(); i++) {
            BlendResult alone = parts.get(i).search(evaluator);
            assertThat(together.get(i).weights()).as(alone.method()).containsExactly(alone.weights());
            assertThat(together.get(i).evaluations()).as(alone.method()).isEqualTo(alone.evaluations());
            assertThat(together.get(i).f2()).isEqualTo(alone.f2());
        }
        assertThat(auto.search(evaluator).weights()).containsExactly(AutoBlendSearch.best(together).weights());
    }

    @Test
    void pointsNearASearchsReferenceAreScoredFromItWithoutChangingItsPath() {
        // guards: most points are scored from the searches' reference blends (not a pass each), and the searches still
        // take exactly the path they take alone, where every point is scored in a pass
        BlendEvaluator evaluator = PROBLEM.evaluator();
        AutoBlendSearch auto = new AutoBlendSearch();
        LockstepSearches.Outcome outcome = LockstepSearches.run(evaluator, PROBLEM.foldOfRow(),
                List.of(new LockstepSearches.Task(auto, -1), new LockstepSearches.Task(auto, 3))).get(0);
        assertThat(outcome.fromReferences()).isGreaterThan(outcome.result().evaluations() / 3);
        for (int i = 0; i < auto.parts().size(); i++) {
            BlendResult alone = auto.parts().get(i).search(evaluator);
            assertThat(outcome.parts().get(i).weights()).as(alone.method()).containsExactly(alone.weights());
            assertThat(outcome.parts().get(i).f2()).isEqualTo(alone.f2());
        }
    }

    @Test
    void nestedCvFitsEachFoldAsASearchOnTheOtherFoldsRowsWould() {
        // guards: the folds' searches scored together fit each fold on exactly the other folds' rows (the F2s they see
        // may differ from a row view's only in the last bits of the sum, so the chosen weights are the same)
        NestedCv.SearchAndNestedCv run = new NestedCv(new AutoBlendSearch()).searchAndRun(PROBLEM);
        BlendEvaluator evaluator = PROBLEM.evaluator();
        assertThat(run.result().weights()).containsExactly(new AutoBlendSearch().search(evaluator).weights());
        NestedCvResult nested = run.nested();
        assertThat(nested.folds()).containsExactly(0, 1, 2, 3, 4);
        double pooled = 0;
        for (int i = 0; i < nested.folds().length; i++) {
            HeldOutFold split = HeldOutFold.of(PROBLEM.foldOfRow(), nested.folds()[i]);
            BlendResult alone = new AutoBlendSearch().search(evaluator.restrictTo(split.train()));
            assertThat(nested.fits().get(i).weights()).as("fold %d", i).containsExactly(alone.weights());
            assertThat(nested.fits().get(i).f2()).isCloseTo(alone.f2(), within(1e-12));
            double held = evaluator.restrictTo(split.held()).f2(alone.weights(), 0);
            assertThat(nested.foldF2()[i]).isEqualTo(held);
            pooled += held * split.held().length;
        }
        assertThat(nested.pooledF2()).isCloseTo(pooled / evaluator.rows(), within(1e-12));
        assertThat(run.searchSeconds()).isPositive();
        assertThat(run.nestedSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(run.fromReferences()).isPositive().isLessThanOrEqualTo(run.points());
        assertThat(new NestedCv(new AutoBlendSearch()).run(PROBLEM).pooledF2()).isEqualTo(nested.pooledF2());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSearchWhoseReferenceAnswersItGoesOnWhileTheOthersWaitForAPass() {
        // guards: the searches meet only at passes, not at every point: a search asking again and again for the point
        // its reference blend was built at finishes before a search whose every point needs a pass gets its second score
        double[] stay = {0.4, 0.3, 0.2, 0.1};
        AtomicBoolean stayerDone = new AtomicBoolean();
        AtomicBoolean doneBeforeSecondScore = new AtomicBoolean();
        AtomicInteger staysScoredAlike = new AtomicInteger();
        BlendSearch stayer = scripted("stayer", scorer -> {
            double first = scorer.f2(stay);
            for (int i = 0; i < 30; i++) {
                staysScoredAlike.addAndGet(scorer.f2(stay) == first ? 1 : 0);
            }
            stayerDone.set(true);
        });
        BlendSearch wanderer = scripted("wanderer", scorer -> {
            scorer.f2(new double[] {1, 0, 0, 0});
            scorer.f2(new double[] {0, 1, 0, 0});
            doneBeforeSecondScore.set(stayerDone.get());
            scorer.f2(new double[] {0, 0, 1, 0});
        });
        List<LockstepSearches.Outcome> outcomes = LockstepSearches.run(PROBLEM.evaluator(), PROBLEM.foldOfRow(),
                List.of(new LockstepSearches.Task(stayer, -1), new LockstepSearches.Task(wanderer, 2)));
        assertThat(doneBeforeSecondScore).isTrue();
        assertThat(staysScoredAlike).hasValue(30);
        assertThat(outcomes.get(0).fromReferences()).isEqualTo(30);
        assertThat(outcomes.get(1).fromReferences()).isZero();
        assertThat(outcomes.get(0).passes()).isEqualTo(3); // the first points of both, then one a wanderer's point
    }

    /** A search that runs steps on its scorer and returns equal weights. */
    private static BlendSearch scripted(String name, java.util.function.Consumer<BlendScorer> steps) {
        return new BlendSearch() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BlendResult search(BlendScorer scorer) {
                steps.accept(scorer);
                double[] equal = {0.25, 0.25, 0.25, 0.25};
                return new BlendResult(name, equal, 0, 0, 0);
            }
        };
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSearchThatFailsEndsTheRunWithItsErrorAndLeavesNoSearchWaiting() {
        // guards: one failing search neither hangs the others at the barrier nor hides its exception
        BlendSearch failing = new BlendSearch() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public BlendResult search(BlendScorer scorer) {
                scorer.f2(new double[] {1, 0, 0, 0});
                scorer.f2(new double[] {0, 1, 0, 0});
                throw new IllegalStateException("search broke");
            }
        };
        List<LockstepSearches.Task> tasks = List.of(new LockstepSearches.Task(new GreedyBlendSearch(), -1),
                new LockstepSearches.Task(failing, -1), new LockstepSearches.Task(new NelderMeadBlendSearch(), 2));
        assertThatThrownBy(() -> LockstepSearches.run(PROBLEM.evaluator(), PROBLEM.foldOfRow(), tasks))
                .isInstanceOf(IllegalStateException.class).hasMessage("search broke");
    }

    @Test
    void aSearchWithoutAFoldNeedsTheFoldOfEachRow() {
        // guards: leaving a fold out without knowing the rows' folds is refused, not silently ignored
        assertThatThrownBy(() -> LockstepSearches.run(PROBLEM.evaluator(), null,
                List.of(new LockstepSearches.Task(new GreedyBlendSearch(), 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
