package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in figures of the post-processing step at full iMet scale (109,237 rows, 1,103 labels, 7 models, 5 folds; the
 * synthetic problem of {@link BlendMemoryTest}, fold thresholds 0.25): each rule's OOF and nested-CV F2 and the step's
 * wall time. {@code ./mvnw -B -o test -Dtest=PostprocessBenchmarkTest -Dfoldhub.benchmark=true}
 * ({@code -Dfoldhub.benchmark.rows=...} for fewer rows).
 */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
class PostprocessBenchmarkTest {

    @Test
    void postprocessingAtFullScale() {
        int rows = Integer.getInteger("foldhub.benchmark.rows", 109_237);
        long start = System.nanoTime();
        BlendProblem problem = BlendMemoryTest.problem(rows, 0.2, 0.25);
        BlendEvaluator evaluator = problem.evaluator();
        System.out.printf(Locale.ROOT, "built in %.1f s: %s%n", (System.nanoTime() - start) / 1e9,
                BlendMemoryTest.figures(evaluator, 0.25));
        BlendSearch search = BlendMethod.parse("greedy").search();
        BlendResult result = search.search(evaluator);
        start = System.nanoTime();
        NestedCvResult nested = new NestedCv(search).run(problem);
        System.out.printf(Locale.ROOT, "greedy OOF F2 %.4f, nested CV %.4f in %.1f s%n", result.f2(), nested.pooledF2(),
                (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        TunedThresholds tuned = new ThresholdTuning().tune(evaluator, result.weights());
        System.out.printf(Locale.ROOT, "ThresholdTuning: global %.4f (F2 %.4f), groups F2 %.4f, %d evaluations in %.1f s%n",
                tuned.threshold(), tuned.thresholdF2(), tuned.groupF2(), tuned.evaluations(),
                (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        dev.foldhub.scoring.BlendedRows blended = evaluator.blendedRows(result.weights());
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        blended.score(dev.foldhub.scoring.PostprocessRule.threshold(evaluator.groups(), 0));
        double scoreSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        blended.sweep(dev.foldhub.scoring.PostprocessRule.threshold(evaluator.groups(), 0), 1,
                ThresholdTuning.DEFAULT_GRID.values(), null);
        System.out.printf(Locale.ROOT, "BlendedRows: %d positions built in %.2f s; one score %.1f ms; one 81-point sweep"
                + " %.1f ms%n", blended.positions(), buildSeconds, scoreSeconds * 1e3, (System.nanoTime() - start) / 1e6);
        PostprocessTuning.Outcome outcome = new PostprocessTuning(new PostprocessSearch()).run(problem, result.weights(),
                nested, 0.25, null);
        for (PostprocessTuning.Scored r : outcome.rules()) {
            System.out.printf(Locale.ROOT, "%-16s OOF %.4f (%+.4f)  nested CV %.4f (%+.4f)  exact %s (%d rows)  %s%n",
                    r.name(), r.oofF2(), r.oofGain(), r.nestedCvF2(), r.nestedCvGain(), r.exact(), r.inexactRows(), r.rule());
        }
        System.out.printf(Locale.ROOT, "post-processing step: chose %s in %.1f s%n", outcome.chosen(), outcome.seconds());
        assertThat(outcome.rules().get(0).oofF2()).isEqualTo(evaluator.f2(result.weights(), 0.0),
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
