package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.scoring.PostprocessRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostprocessTuningTest {

    private static final BlendProblem PROBLEM = SyntheticBlendData.generate(1200, 40, new double[] {3.0, 2.2, 1.0},
            new double[] {2.0, 1.8, 1.2}, new double[] {0.3, 0.3, 0.3}, 5, 3L);
    private static final BlendSearch SEARCH = BlendMethod.parse("greedy").search();

    @Test
    void everyShapeIsReportedWithItsOofAndNestedCvF2AndGainOverTheReference() {
        // guards the report: the reference row is the plain blend at threshold 0 (the weight search's own OOF F2 and
        // nested-CV F2, recomputed through the post-processing path), each searched shape starts from it so never
        // scores below it in-sample, and the chosen rule is the exact one with the best nested-CV F2
        BlendResult result = SEARCH.search(PROBLEM.evaluator());
        NestedCvResult nested = new NestedCv(SEARCH).run(PROBLEM);
        PostprocessTuning.Outcome outcome = new PostprocessTuning(new PostprocessSearch()).run(PROBLEM, result.weights(),
                nested, 0.2, null);
        List<PostprocessTuning.Scored> rules = outcome.rules();
        assertThat(rules).extracting(PostprocessTuning.Scored::name)
                .containsExactly("reference", "groupThresholds", "winner2019", "relative", "combined");
        PostprocessTuning.Scored reference = rules.get(0);
        assertThat(reference.oofF2()).isEqualTo(PROBLEM.evaluator().f2(result.weights(), 0.0));
        assertThat(reference.nestedCvF2()).isEqualTo(nested.pooledF2(), org.assertj.core.data.Offset.offset(1e-12));
        for (PostprocessTuning.Scored r : rules) {
            assertThat(r.oofF2()).as(r.name()).isGreaterThanOrEqualTo(reference.oofF2());
            assertThat(r.oofGain()).isEqualTo(r.oofF2() - reference.oofF2());
            assertThat(r.nestedCvGain()).isEqualTo(r.nestedCvF2() - reference.nestedCvF2());
        }
        double bestNested = rules.stream().filter(PostprocessTuning.Scored::exact)
                .mapToDouble(PostprocessTuning.Scored::nestedCvF2).max().orElseThrow();
        assertThat(outcome.chosenRule().exact()).isTrue();
        assertThat(outcome.chosenRule().nestedCvF2()).isEqualTo(bestNested);
        assertThat(rules.get(2).rule().factor()).isZero(); // winner2019 has no relative rule
        assertThat(rules.get(1).rule().maxLabels()).containsOnly(PostprocessRule.NO_MAX);
    }

    @Test
    void shapesFittedTogetherSharingTheirPassesGetTheRulesEachGetsAlone() {
        // guards PostprocessSearch.fitAll's shared passes: a pass reused for the wrong rule would change a fitted rule
        BlendResult result = SEARCH.search(PROBLEM.evaluator());
        dev.foldhub.scoring.BlendedRows blend = PROBLEM.evaluator().blendedRows(result.weights());
        PostprocessSearch search = new PostprocessSearch();
        List<PostprocessShape> shapes = List.of(PostprocessShape.values());
        int[] firstRows = java.util.stream.IntStream.range(0, PROBLEM.evaluator().rows()).filter(r -> r % 3 != 0).toArray();
        for (int[] rows : new int[][] {null, firstRows}) {
            List<PostprocessRule> together = search.fitAll(blend, rows, shapes, 0.2);
            for (int k = 0; k < shapes.size(); k++) {
                PostprocessRule alone = search.fit(blend, rows, shapes.get(k), 0.2);
                assertThat(together.get(k).thresholds()).as(shapes.get(k).label).containsExactly(alone.thresholds());
                assertThat(together.get(k).minLabels()).containsExactly(alone.minLabels());
                assertThat(together.get(k).maxLabels()).containsExactly(alone.maxLabels());
                assertThat(together.get(k).factor()).isEqualTo(alone.factor());
                assertThat(together.get(k).offset()).isEqualTo(alone.offset());
            }
        }
    }

    @Test
    void withoutRoomForTwoSortedBlendsTheTasksRunOneAtATimeAndTheOutcomeIsTheSame() {
        // guards the post-processing at low fold thresholds (a sorted blend of hundreds of MB at iMet scale, fold
        // thresholds 0.05): with no room for two blends at once it runs all rows first, then the folds one at a time, and
        // reports exactly what the parallel order reports, thresholds included
        BlendResult result = SEARCH.search(PROBLEM.evaluator());
        NestedCvResult nested = new NestedCv(SEARCH).run(PROBLEM);
        PostprocessTuning.Outcome parallel = new PostprocessTuning(new PostprocessSearch(), Long.MAX_VALUE).run(PROBLEM,
                result.weights(), nested, 0.2, null, new ThresholdTuning());
        PostprocessTuning.Outcome oneAtATime = new PostprocessTuning(new PostprocessSearch(), 0).run(PROBLEM,
                result.weights(), nested, 0.2, null, new ThresholdTuning());
        assertThat(oneAtATime.chosen()).isEqualTo(parallel.chosen());
        assertThat(oneAtATime.rules()).hasSameSizeAs(parallel.rules());
        for (int k = 0; k < parallel.rules().size(); k++) {
            PostprocessTuning.Scored a = parallel.rules().get(k);
            PostprocessTuning.Scored b = oneAtATime.rules().get(k);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.oofF2()).as(a.name()).isEqualTo(a.oofF2());
            assertThat(b.nestedCvF2()).as(a.name()).isEqualTo(a.nestedCvF2());
            assertThat(b.rule().thresholds()).containsExactly(a.rule().thresholds());
            assertThat(b.rule().maxLabels()).containsExactly(a.rule().maxLabels());
            assertThat(b.rule().factor()).isEqualTo(a.rule().factor());
        }
        assertThat(oneAtATime.thresholds()).usingRecursiveComparison().isEqualTo(parallel.thresholds());
    }

    @Test
    void asManyTasksRunAtOnceAsTheBudgetHoldsSortedBlendsAndTheCoresAllow() {
        // guards the step's memory bound: each running task holds one sorted blend, so the workers never outnumber the
        // blends the budget holds, the cores (the common pool and the caller) or the tasks, and there is always one
        int cores = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
        PostprocessTuning tuning = new PostprocessTuning(new PostprocessSearch(), 1000);
        assertThat(tuning.workers(1000, 6)).isEqualTo(1);
        assertThat(tuning.workers(2000, 6)).isEqualTo(1);
        assertThat(tuning.workers(500, 6)).isEqualTo(Math.min(2, cores));
        assertThat(tuning.workers(1, 6)).isEqualTo(Math.min(6, cores));
        assertThat(tuning.workers(1, 1)).isEqualTo(1);
        assertThat(new PostprocessTuning(new PostprocessSearch(), 0).workers(0, 6)).isEqualTo(1);
    }

    @Test
    void theThresholdsTunedInTheStepAreThoseOfTheWholeBlend() {
        // guards the step's short sorted blend (positions under the bound cut to the fills its rules read): the plain
        // thresholds tuned on it, and every rule's OOF F2, are exactly those of the blend with every held position
        BlendResult result = SEARCH.search(PROBLEM.evaluator());
        NestedCvResult nested = new NestedCv(SEARCH).run(PROBLEM);
        PostprocessTuning.Outcome outcome = new PostprocessTuning(new PostprocessSearch()).run(PROBLEM, result.weights(),
                nested, 0.2, null, new ThresholdTuning());
        dev.foldhub.scoring.BlendedRows whole = PROBLEM.evaluator().blendedRows(result.weights());
        assertThat(outcome.thresholds()).usingRecursiveComparison()
                .isEqualTo(new ThresholdTuning().tune(PROBLEM.evaluator(), result.weights(), whole));
        for (PostprocessTuning.Scored r : outcome.rules()) {
            assertThat(r.oofF2()).as(r.name()).isEqualTo(whole.score(r.rule()).f2());
        }
        assertThat(PostprocessTuning.blendedRows(PROBLEM.evaluator(), result.weights(), null).positions())
                .isLessThan(whole.positions() / 2);
    }

    @Test
    void aGivenRuleIsOnlyScoredAndChosen() {
        // guards the request's own rule: not searched, reported beside the reference, and chosen
        BlendResult result = SEARCH.search(PROBLEM.evaluator());
        PostprocessRule given = new PostprocessRule(new double[] {0.01, -0.02}, new int[] {0, 1}, new int[] {3, 8}, 0, 0);
        PostprocessTuning.Outcome outcome = new PostprocessTuning(new PostprocessSearch()).run(PROBLEM, result.weights(),
                null, 0.2, given);
        assertThat(outcome.rules()).extracting(PostprocessTuning.Scored::name).containsExactly("reference", "given");
        assertThat(outcome.chosen()).isEqualTo("given");
        assertThat(outcome.chosenRule().rule()).isEqualTo(given);
        assertThat(outcome.chosenRule().nestedCvF2()).isNull();
        assertThat(outcome.chosenRule().oofF2())
                .isEqualTo(PROBLEM.evaluator().blendedRows(result.weights()).score(given).f2());
    }
}
